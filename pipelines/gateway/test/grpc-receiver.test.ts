// OTLP/gRPC as real clients speak it: the OpenTelemetry JS SDK's gRPC
// exporter sends spans to the gateway's gRPC port and every span is stored
// (a sink writing to the real embedded store); a malformed request is
// INVALID_ARGUMENT, a missing token UNAUTHENTICATED, metrics UNIMPLEMENTED.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as grpc from '@grpc/grpc-js'
import { Metadata } from '@grpc/grpc-js'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordSpans } from '../../../packages/otlp/test/support/sdk-payloads.ts'
import { type GatewayHandle, type OtlpSink, rawBytesMethod, startGateway } from '../src/index.ts'

const TOKEN = 'grpc-test-token-1'
const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-grpc-'))
let store: ChdbStore
let open: GatewayHandle
let guarded: GatewayHandle
// The sink `up` uses, minus its batching: decoded rows straight into the store.
const storeSink = (): OtlpSink => ({
  accept: async (request) => {
    await store.insert(request.signal === 'traces' ? 'otel_traces' : 'otel_logs', [...request.rows])
  },
  close: async () => {},
})

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  open = await startGateway(storeSink(), { port: 0, grpcPort: 0 })
  guarded = await startGateway(storeSink(), { port: 0, grpcPort: 0, bearerToken: TOKEN })
})

afterAll(async () => {
  await open.close()
  await guarded.close()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function exportWith(
  exporter: OTLPTraceExporter,
  spans: Awaited<ReturnType<typeof recordSpans>>,
): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) =>
    exporter.export(spans, (result) =>
      resolve({ code: result.code, ...(result.error ? { error: result.error } : {}) }),
    ),
  )
}

/** A raw unary call with the given bytes, answering the gRPC status code. */
function rawCall(url: string, path: string, body: Buffer): Promise<number> {
  const Client = grpc.makeGenericClientConstructor({ Export: rawBytesMethod(path) }, 'Raw')
  const client = new Client(url.replace('http://', ''), grpc.credentials.createInsecure())
  return new Promise((resolve) => {
    ;(client as unknown as { Export: (b: Buffer, cb: (err: grpc.ServiceError | null) => void) => void }).Export(
      body,
      (err) => {
        client.close()
        resolve(err ? err.code : grpc.status.OK)
      },
    )
  })
}

describe('OTLP/gRPC', () => {
  it("the SDK's gRPC exporter delivers every span, stored as the Collector's exporter would", async () => {
    const spans = await recordSpans()
    const exporter = new OTLPTraceExporter({ url: open.grpcUrl! })
    const result = await exportWith(exporter, spans)
    await exporter.shutdown()
    expect(result.code, String(result.error)).toBe(0)
    const rows = await store.query<{ TraceId: string; SpanId: string; ServiceName: string }>(
      'SELECT TraceId, SpanId, ServiceName FROM otel_traces',
    )
    expect(rows.map((r) => `${r.TraceId}/${r.SpanId}`).sort()).toEqual(
      spans.map((s) => `${s.spanContext().traceId}/${s.spanContext().spanId}`).sort(),
    )
    expect(new Set(rows.map((r) => r.ServiceName))).toEqual(new Set(['orders']))
    expect(open.metrics.requests.get('grpc:traces 0')).toBe(1)
  })

  it('a malformed request is INVALID_ARGUMENT (not retried) and stores nothing; metrics are UNIMPLEMENTED', async () => {
    const before = await store.query<{ n: string }>('SELECT count() AS n FROM otel_traces')
    expect(
      await rawCall(
        open.grpcUrl!,
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        Buffer.from([0x0a, 0xff, 0xff, 0x01]),
      ),
    ).toBe(grpc.status.INVALID_ARGUMENT)
    expect(
      await rawCall(open.grpcUrl!, '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', Buffer.alloc(0)),
    ).toBe(grpc.status.UNIMPLEMENTED)
    // An empty request is a success with nothing to store.
    expect(
      await rawCall(open.grpcUrl!, '/opentelemetry.proto.collector.logs.v1.LogsService/Export', Buffer.alloc(0)),
    ).toBe(grpc.status.OK)
    expect(await store.query<{ n: string }>('SELECT count() AS n FROM otel_traces')).toEqual(before)
  })

  it('a message over the size limit is refused before decoding, and the receiver keeps serving others', async () => {
    const small = await startGateway(storeSink(), { port: 0, grpcPort: 0, maxDecompressedBytes: 1024 })
    try {
      const traces = '/opentelemetry.proto.collector.trace.v1.TraceService/Export'
      expect(await rawCall(small.grpcUrl!, traces, Buffer.alloc(64 * 1024, 0x0a))).toBe(grpc.status.RESOURCE_EXHAUSTED)
      expect(await rawCall(small.grpcUrl!, traces, Buffer.alloc(0))).toBe(grpc.status.OK)
    } finally {
      await small.close()
    }
  })

  it('the bearer token guards gRPC as it guards HTTP', async () => {
    const spans = await recordSpans()
    const anonymous = new OTLPTraceExporter({ url: guarded.grpcUrl! })
    const refused = await exportWith(anonymous, spans)
    await anonymous.shutdown()
    expect(refused.code).not.toBe(0)
    expect(guarded.metrics.requests.get(`grpc:traces ${grpc.status.UNAUTHENTICATED}`)).toBe(1)
    const metadata = new Metadata()
    metadata.set('authorization', `Bearer ${TOKEN}`)
    const allowed = new OTLPTraceExporter({ url: guarded.grpcUrl!, metadata })
    const result = await exportWith(allowed, spans)
    await allowed.shutdown()
    expect(result.code, String(result.error)).toBe(0)
  })

  it('records older than the store keeps are not stored, and the client is told how many (partial_success)', async () => {
    const cutoff = '2026-01-01 00:00:00.000'
    const keeper = await startGateway(storeSink(), { port: 0, oldestKept: () => cutoff })
    try {
      const span = (id: string, nanos: bigint) => ({
        traceId: `cd${id.repeat(15)}`,
        spanId: `0a0b0c0d0e0f${id.repeat(2)}`,
        name: 'old',
        kind: 2,
        startTimeUnixNano: String(nanos),
        endTimeUnixNano: String(nanos + 1000n),
      })
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'archive' } }] },
            scopeSpans: [
              {
                scope: { name: 't' },
                spans: [span('11', 1_700_000_000_000_000_000n), span('22', 1_795_000_000_000_000_000n)],
              },
            ],
          },
        ],
      }
      const response = await fetch(`${keeper.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(200)
      const answer = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } }
      expect(answer.partialSuccess.rejectedSpans).toBe('1')
      expect(answer.partialSuccess.errorMessage).toMatch(
        /^1 spans older than the store keeps \(before 2026-01-01 00:00:00 UTC\) were not stored/,
      )
      const stored = await store.query<{ SpanName: string; n: string }>(
        "SELECT count() AS n FROM otel_traces WHERE ServiceName = 'archive'",
      )
      expect(Number(stored[0]?.n)).toBe(1)
      expect(keeper.metrics.rejectedOutsideRetention).toBe(1)
    } finally {
      await keeper.close()
    }
  })
})
