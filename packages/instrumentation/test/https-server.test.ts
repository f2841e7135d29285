// An https server created before start(), over real TLS (a self-signed
// certificate made with openssl for the test), exporting to a real OTLP/HTTP
// receiver: server spans with scheme https, and the request's body events run
// in the request's context (the log line written in 'end' has its ids).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOtlpReceiver } from './support/otlp-receiver.ts'
import { spawnService, stopServices, type Running } from './support/spawn-service.ts'

const SERVICE = fileURLToPath(new URL('./support/https-service.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tracehound-tls-'))
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let service: Running
const echoed: string[] = []

function post(url: string, body: string): Promise<{ status: number; correlationId: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'text/plain' } },
      (res) => {
        res.resume()
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, correlationId: String(res.headers['x-correlation-id']) }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  )
  receiver = await startOtlpReceiver()
  service = await spawnService(SERVICE, 'uploads', {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    TLS_KEY: join(dir, 'key.pem'),
    TLS_CERT: join(dir, 'cert.pem'),
  })
  const url = service.url.replace('http://', 'https://')
  for (const size of [10, 200_000]) {
    const { status, correlationId } = await post(`${url}/upload?size=${size}`, 'x'.repeat(size))
    expect(status).toBe(200)
    echoed.push(correlationId)
  }
  await stopServices([service])
}, 60_000)

afterAll(async () => {
  service?.child.kill('SIGKILL')
  await receiver.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('https server created before start()', () => {
  it('has server spans with scheme https and the correlation id it echoed', () => {
    const servers = receiver.spans.filter((s) => s.SpanKind === 'Server')
    expect(servers).toHaveLength(2)
    for (const span of servers) {
      expect(span.SpanAttributes).toMatchObject({
        'url.scheme': 'https',
        'http.request.method': 'POST',
        'url.path': '/upload',
        'http.response.status_code': '200',
      })
      expect(echoed).toContain(span.SpanAttributes['correlation.id'])
    }
  })

  it('runs body listeners in the request context: the log line from "end" carries the span and correlation ids', () => {
    const lines = service.lines().filter((l) => l['component'] === 'upload')
    expect(lines.map((l) => l['bytes']).sort()).toEqual([10, 200_000])
    for (const line of lines) {
      const span = receiver.spans.find((s) => s.SpanKind === 'Server' && s.SpanId === line['span_id'])
      expect(span, JSON.stringify(line)).toBeDefined()
      expect(line['trace_id']).toBe(span?.TraceId)
      expect(line['correlation_id']).toBe(span?.SpanAttributes['correlation.id'])
    }
  })
})
