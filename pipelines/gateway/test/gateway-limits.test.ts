// Time limits a hostile or broken peer cannot stretch: a client that sends
// its body a byte at a time is cut off soon after the request timeout (not
// ~80 s later), and a broker that does not answer costs a client a bounded
// wait (503, retry later) while /healthz says the broker is failing.
import { connect } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { recordSpans, traceJson } from '../../../packages/otlp/test/support/sdk-payloads.ts'
import { type GatewayHandle, KafkaSink, type OtlpSink, startGateway } from '../src/index.ts'

const handles: GatewayHandle[] = []
afterAll(async () => {
  for (const h of handles) await h.close()
})

// Never reached in the slow-body test: the request never completes.
const unreachedSink: OtlpSink = {
  accept: () => Promise.reject(new Error('the slow request must not reach the sink')),
  close: async () => {},
}

describe('gateway time limits', () => {
  it('cuts off a client that trickles its body, soon after the request timeout', async () => {
    const gateway = await startGateway(unreachedSink, { port: 0, requestTimeoutMs: 2_000 })
    handles.push(gateway)
    const { hostname, port } = new URL(gateway.url)
    const socket = connect(Number(port), hostname)
    // Writes after the server hung up fail with EPIPE: expected here.
    socket.on('error', () => undefined)
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())))
    const started = Date.now()
    socket.write(
      `POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    )
    const trickle = setInterval(() => socket.writable && socket.write(' '), 300)
    const at = await closed
    clearInterval(trickle)
    // Well before Node's default 30 s deadline check would have run.
    expect(at - started).toBeLessThan(15_000)
  }, 30_000)

  it('answers 503 within the send timeout when no broker answers, and /healthz reports it', async () => {
    // Nothing listens on port 1: a broker that is down.
    const sink = new KafkaSink(['127.0.0.1:1'], { sendTimeoutMs: 1_500 })
    const gateway = await startGateway(sink, { port: 0 })
    handles.push(gateway)
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200)
    const response = await fetch(`${gateway.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(traceJson(await recordSpans())),
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).not.toBeNull()
    const health = await fetch(`${gateway.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ status: 'unhealthy', kafka: 'failing' })
    await sink.close().catch(() => undefined)
  }, 30_000)
})

describe('admission before decoding', () => {
  it('a saturated gateway refuses a request by its decompressed size before decoding it (503, retry later)', async () => {
    // The store is slow: the first request is held in the sink until released.
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let accepted = 0
    const slowSink: OtlpSink = {
      accept: async () => {
        accepted++
        await held
      },
      close: async () => {},
    }
    const gateway = await startGateway(slowSink, { port: 0, maxInFlightBytes: 64 * 1024 })
    handles.push(gateway)
    const body = Buffer.from(traceJson(await recordSpans()))
    const post = (payload: Buffer | string) =>
      fetch(`${gateway.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      })
    const first = post(body)
    while (accepted === 0) await new Promise((r) => setTimeout(r, 10))
    // 100 KB of something that is not OTLP at all: decoding it would be a 400; it is never decoded.
    const refused = await post(`{"resourceSpans": "${'x'.repeat(100 * 1024)}"}`)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).not.toBeNull()
    expect(await refused.text()).toMatch(/saturated/)
    release()
    expect((await first).status).toBe(200)
    // Room again: a valid request is stored, a bad one is judged on its content.
    expect((await post(body)).status).toBe(200)
    expect((await post(`{"resourceSpans": "${'x'.repeat(100)}"}`)).status).toBe(400)
  }, 30_000)
})
