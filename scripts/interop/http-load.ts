// A cheap, fixed OTLP/HTTP load for side-by-side throughput: one pre-encoded
// protobuf request (128 traces × 4 spans, as an SDK's default batch of 512)
// sent by `clients` concurrent loops for `seconds`. Cheap on the client side,
// so on a small machine the server, not the generator, is what is measured
// (telemetrygen unthrottled takes most of the CPU itself). Each request gets
// new trace ids so no two are the same data.
import { randomBytes } from 'node:crypto'
import { encodeTracesJsonAsProto } from '@tracehound/otlp'

/** One pre-encoded OTLP/HTTP protobuf request of `traces` traces × 4 spans (an SDK's default batch of 512), with fresh ids. */
export function otlpRequest(traces = 128): Buffer {
  const now = BigInt(Date.now()) * 1_000_000n
  const spans = []
  for (let t = 0; t < traces; t++) {
    const traceId = randomBytes(16).toString('hex')
    for (let s = 0; s < 4; s++)
      spans.push({
        traceId,
        spanId: randomBytes(8).toString('hex'),
        name: s === 0 ? 'GET /orders/:id' : 'SELECT orders',
        kind: s === 0 ? 2 : 3,
        startTimeUnixNano: String(now),
        endTimeUnixNano: String(now + 1_000_000n),
        attributes: [
          { key: 'http.route', value: { stringValue: '/orders/:id' } },
          { key: 'correlation.id', value: { stringValue: traceId.slice(0, 12) } },
        ],
      })
  }
  return Buffer.from(
    encodeTracesJsonAsProto({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'load' } }] },
          scopeSpans: [{ spans }],
        },
      ],
    }),
  )
}

/** Spans acknowledged (2xx) by `url` (…/v1/traces) during the run, and requests refused (any other answer). */
export async function httpLoad(
  url: string,
  clients: number,
  seconds: number,
  traces = 128,
): Promise<{ acknowledged: number; refused: number }> {
  const bodies = Array.from({ length: 64 }, () => otlpRequest(traces))
  const until = Date.now() + seconds * 1000
  let acknowledged = 0
  let refused = 0
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < until; i += clients) {
        const response = await fetch(url, {
          method: 'POST',
          body: bodies[i % bodies.length]!,
          headers: { 'content-type': 'application/x-protobuf' },
        }).catch(() => undefined)
        if (response) await response.arrayBuffer()
        if (response?.ok) acknowledged += traces * 4
        else refused++
      }
    }),
  )
  return { acknowledged, refused }
}
