// Server span attributes from real requests to a plain node:http server on
// 127.0.0.1 (no instrumentation started: the function is pure), and the
// Host header parsing on its own.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Attributes } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverRequestAttributes, splitHost } from '../src/http/server-attributes.ts'

let server: Server
let port = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    const attributes: Attributes = {}
    serverRequestAttributes(attributes, req, 'http')
    res.end(JSON.stringify(attributes))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function get(path: string, headers: Record<string, string> = {}): Promise<Attributes> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve(JSON.parse(body) as Attributes))
    })
      .on('error', reject)
      .end()
  })
}

describe('server span attributes', () => {
  it('split path and query, and describe server, client and protocol', async () => {
    expect(await get('/orders/42?page=2&sort=asc', { 'user-agent': 'curl/8.0' })).toEqual({
      'http.request.method': 'GET',
      'url.path': '/orders/42',
      'url.query': 'page=2&sort=asc',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'network.peer.address': '127.0.0.1',
      'client.address': '127.0.0.1',
      'server.address': '127.0.0.1',
      'server.port': port,
      'user_agent.original': 'curl/8.0',
    })
  })

  it('take the original client from X-Forwarded-For, and keep the peer apart', async () => {
    const attributes = await get('/', { 'x-forwarded-for': ' 203.0.113.7 , 10.0.0.1' })
    expect(attributes['client.address']).toBe('203.0.113.7')
    expect(attributes['network.peer.address']).toBe('127.0.0.1')
    expect(attributes['url.query']).toBeUndefined()
  })

  it('parse Host headers with and without a port, IPv6 included', () => {
    expect(splitHost('shop.example.com')).toEqual({ address: 'shop.example.com', port: undefined })
    expect(splitHost('shop.example.com:8443')).toEqual({ address: 'shop.example.com', port: 8443 })
    expect(splitHost('[::1]:8080')).toEqual({ address: '::1', port: 8080 })
    expect(splitHost('[::1]')).toEqual({ address: '::1', port: undefined })
    expect(splitHost('shop.example.com:99999')).toEqual({ address: 'shop.example.com', port: undefined })
  })
})
