// Declared API inventories (OpenAPI / Swagger) and the shadow endpoints they reveal.
import { describe, expect, it } from 'vitest'
import { InventoryError, normalizeRoute, parseOpenApi } from '../src/api-inventory.ts'
import { DEFAULT_DETECTOR_CONFIG } from '../src/detector-config.ts'
import type { DetectionInput } from '../src/detection-input.ts'
import { detectShadowEndpoints } from '../src/detectors/hygiene.ts'
import { detectionInput } from './support/detection-input.ts'

describe('parseOpenApi', () => {
  it('reads operations of OpenAPI 3 under the server path, and of Swagger 2 under basePath', () => {
    const openapi = {
      openapi: '3.1.0',
      servers: [{ url: 'https://shop.example/v2' }],
      paths: { '/orders/{orderId}': { get: {}, delete: {}, parameters: [] }, '/orders': { post: {} } },
    }
    expect([...parseOpenApi(openapi, 'orders.yaml')].sort()).toEqual([
      'DELETE /v2/orders/{}',
      'GET /v2/orders/{}',
      'POST /v2/orders',
    ])
    expect([
      ...parseOpenApi(
        { swagger: '2.0', basePath: '/api/', paths: { '/users/{id}/profile': { get: {} } } },
        'users.json',
      ),
    ]).toEqual(['GET /api/users/{}/profile'])
    expect([...parseOpenApi({ openapi: '3.0.3', paths: { '/': { get: {} } } }, 'root.yaml')]).toEqual(['GET /'])
  })

  it('matches Express-style routes to OpenAPI templates', () => {
    expect(normalizeRoute('/orders/:id/items/:item')).toBe(normalizeRoute('/orders/{orderId}/items/{itemId}'))
    expect(normalizeRoute('/orders/')).toBe('/orders')
  })

  it.each([
    [[], 'expected an OpenAPI 3 or Swagger 2 document'],
    [{ paths: {} }, 'no "openapi: 3.x" or "swagger: \'2.0\'" key'],
    [{ openapi: '3.0.0', paths: [] }, '"paths" must be a mapping'],
    [{ openapi: '3.0.0', paths: { orders: { get: {} } } }, 'path "orders" must start with "/"'],
  ])('refuses %j, naming the file', (document, message) => {
    expect(() => parseOpenApi(document, 'orders.yaml')).toThrow(InventoryError)
    expect(() => parseOpenApi(document, 'orders.yaml')).toThrow(`orders.yaml: ${message}`)
  })
})

describe('shadow endpoints with an inventory', () => {
  const window = { start: 1_800_000_000, end: 1_800_000_060 }
  const endpoint = (service: string, method: string, route: string) => ({
    service,
    method,
    route,
    requests: 4,
    errors: 0,
    sampleTraceIds: ['t'],
  })
  const input = (endpoints: DetectionInput['endpoints'], historyStart: number): DetectionInput =>
    detectionInput(window, {
      endpoints,
      endpointHistory: endpoints
        .slice(0, 1)
        .map((e) => ({ ...e, firstSeen: historyStart, perMinute: [4], seasonal: [], seasonalDaysAgo: [] })),
    })
  const inventory = new Map([['orders', new Set(['GET /orders/{}', 'POST /orders'])]])
  const config = { ...DEFAULT_DETECTOR_CONFIG, inventory }

  it('flags an undeclared route of an inventoried service from its first request, even while learning', () => {
    const found = detectShadowEndpoints(
      input(
        [endpoint('orders', 'GET', '/orders/:id'), endpoint('orders', 'GET', '/orders/:id/export')],
        window.start - 60,
      ),
      config,
    )
    expect(found.map((f) => [f.entity.endpoint, f.severity, f.evidence.baseline['source']])).toEqual([
      ['GET /orders/:id/export', 'medium', 'inventory'],
    ])
    expect(found[0]!.summary).toBe(
      "orders GET /orders/:id/export served 4 requests; the service's API inventory (2 declared operations) does not declare it.",
    )
  })

  it('a declared route is never a shadow, however new; services without an inventory are learned', () => {
    const afterLearning = window.start - 2 * DEFAULT_DETECTOR_CONFIG.learningSeconds
    const found = detectShadowEndpoints(
      input(
        [
          endpoint('users', 'GET', '/users'),
          endpoint('orders', 'POST', '/orders'),
          endpoint('users', 'GET', '/users/debug'),
        ],
        afterLearning,
      ),
      config,
    )
    expect(found.map((f) => [f.entity.service, f.entity.endpoint, f.evidence.baseline['source']])).toEqual([
      ['users', 'GET /users/debug', 'learned'],
    ])
  })
})
