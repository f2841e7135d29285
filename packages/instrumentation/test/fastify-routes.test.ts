// Fastify route capture: a Fastify service instrumented with start() only,
// over real HTTP, exporting to a real OTLP/HTTP receiver.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOtlpReceiver } from './support/otlp-receiver.ts'
import { spawnService, stopServices, type Running } from './support/spawn-service.ts'

const SERVICE = fileURLToPath(new URL('./support/fastify-service.ts', import.meta.url))
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let service: Running
const echoed: (string | null)[] = []

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  service = await spawnService(SERVICE, 'catalog', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url })
  for (const id of ['7', '8']) echoed.push((await fetch(`${service.url}/items/${id}`)).headers.get('x-correlation-id'))
  echoed.push((await fetch(`${service.url}/items`, { method: 'POST' })).headers.get('x-correlation-id'))
  echoed.push((await fetch(`${service.url}/nowhere`)).headers.get('x-correlation-id'))
  await stopServices([service])
}, 60_000)

afterAll(async () => {
  service?.child.kill('SIGKILL')
  await receiver.close()
})

describe('Fastify', () => {
  it('server spans carry the route template as http.route and in the name', () => {
    const servers = receiver.spans.filter((s) => s.SpanKind === 'Server')
    expect(
      servers.map((s) => [s.SpanName, s.SpanAttributes['http.route'], s.SpanAttributes['url.path']]).sort(),
    ).toEqual([
      ['GET /items/:id', '/items/:id', '/items/7'],
      ['GET /items/:id', '/items/:id', '/items/8'],
      ['GET', undefined, '/nowhere'], // no route matched: no template to claim
      ['POST /items', '/items', '/items'],
    ])
    expect(servers.find((s) => s.SpanAttributes['url.path'] === '/items/7')?.SpanAttributes['user.id']).toBe('user-7')
  })

  it('correlation ids are echoed and on every span and log line', () => {
    expect(echoed.every((id) => /^[0-9a-f-]{36}$/.test(String(id)))).toBe(true)
    for (const span of receiver.spans) expect(echoed).toContain(span.SpanAttributes['correlation.id'])
    const lines = service.lines().filter((l) => l['component'] === 'items')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(echoed).toContain(line['correlation_id'])
  })
})
