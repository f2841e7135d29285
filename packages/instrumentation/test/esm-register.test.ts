// `node --import @tracehound/instrumentation/register`: an ES-module Express
// service that never calls start() still gets spans with route templates and
// correlation ids, and its log lines carry them.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOtlpReceiver } from './support/otlp-receiver.ts'
import { spawnService, stopServices, type Running } from './support/spawn-service.ts'

const SERVICE = fileURLToPath(new URL('./support/esm-service.mjs', import.meta.url))
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let service: Running
let echoed: string | null = null

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  service = await spawnService(
    SERVICE,
    'esm',
    { OTEL_SERVICE_NAME: 'esm-shop', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    ['--import', '@tracehound/instrumentation/register'],
  )
  echoed = (await fetch(`${service.url}/esm/5`, { headers: { 'x-correlation-id': 'esm-req-1' } })).headers.get(
    'x-correlation-id',
  )
  await stopServices([service])
}, 60_000)

afterAll(async () => {
  service?.child.kill('SIGKILL')
  await receiver.close()
})

describe('--import @tracehound/instrumentation/register', () => {
  it('instruments an ES-module Express app: route template, service name, correlation id', () => {
    expect(echoed).toBe('esm-req-1')
    const server = receiver.spans.find((s) => s.SpanKind === 'Server')
    expect(server).toMatchObject({ ServiceName: 'esm-shop', SpanName: 'GET /esm/:id' })
    expect(server!.SpanAttributes).toMatchObject({ 'http.route': '/esm/:id', 'correlation.id': 'esm-req-1' })
    const [line] = service.lines().filter((l) => l['component'] === 'esm')
    expect(line).toMatchObject({ service: 'esm-shop', correlation_id: 'esm-req-1', trace_id: server!.TraceId })
  })
})
