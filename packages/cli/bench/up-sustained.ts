// `npm run bench -w @tracehound/cli`: what `tracehound up` (embedded store,
// detection running) sustains over OTLP/HTTP, measured from the client side.
//  1. An OpenTelemetry SDK with default settings at 5,000 spans/s: its batch
//     processor queues up to 2,048 spans and keeps one export of 512 in
//     flight; spans arriving while the queue is full are dropped in the
//     client. Simulated here exactly that way, against the real receiver:
//     spans dropped, and the acknowledgement latency of each export.
//  2. Sustained: 8 clients sending 512-span requests back to back for 20 s —
//     spans acknowledged per second, answers refused (503 + Retry-After is
//     back-pressure, which SDKs retry), and how many rows the store holds.
// Requests are pre-encoded protobuf (cheap for the client), so the server is
// what is measured. Goals (issue 17): p50 ≤ 100 ms at 5k spans/s, nothing
// lost at 5k spans/s, ≥ 30k spans/s sustained.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { quantile } from 'simple-statistics'
import { httpLoad, otlpRequest } from '../../../scripts/interop/http-load.ts'
import { startEmbeddedPipeline } from '../src/up/embedded-pipeline.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20)
const dir = mkdtempSync(join(tmpdir(), 'tracehound-up-bench-'))
const up = await startEmbeddedPipeline({
  store: { dataDir: join(dir, 'store') },
  port: 0,
  latenessSeconds: 5,
  onFinding: () => undefined,
  log: () => undefined,
})
const url = `${up.url}/v1/traces`
console.log(`up sustained benchmark: OTLP/HTTP protobuf, 512-span requests, ${SECONDS} s per phase, detection running`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
)

// 1. One SDK process at 5,000 spans/s, batch span processor defaults.
const RATE = 5000
const QUEUE = 2048
const BATCH = 512
const bodies = Array.from({ length: 64 }, () => otlpRequest())
let queued = 0
let produced = 0
let dropped = 0
let exported = 0
let refused = 0
const latencies: number[] = []
const started = performance.now()
const end = started + SECONDS * 1000
const producer = setInterval(() => {
  // Spans the application ends every 10 ms at RATE/s.
  const n = RATE / 100
  produced += n
  const room = QUEUE - queued
  queued += Math.min(n, room)
  dropped += Math.max(0, n - room)
}, 10)
let sent = 0
while (performance.now() < end) {
  if (queued < BATCH) {
    await new Promise((r) => setTimeout(r, 5)) // the SDK exports a full batch at once, else after its delay
    continue
  }
  queued -= BATCH
  const t0 = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    body: bodies[sent++ % bodies.length]!,
    headers: { 'content-type': 'application/x-protobuf' },
  })
  await response.arrayBuffer()
  latencies.push(performance.now() - t0)
  if (response.ok) exported += BATCH
  else refused += BATCH
}
clearInterval(producer)
const p = (q: number): string => `${quantile(latencies, q).toFixed(1)} ms`
console.log(
  `one SDK process at ${RATE.toLocaleString('en-US')} spans/s (queue ${QUEUE}, batch ${BATCH}, one export in flight):`,
)
console.log(
  `  produced ${Math.round(produced).toLocaleString('en-US')}, exported ${exported.toLocaleString('en-US')}, refused ${refused}, ` +
    `dropped in the client ${Math.round(dropped).toLocaleString('en-US')} (${((100 * dropped) / produced).toFixed(2)} %)`,
)
console.log(`  acknowledgement p50 ${p(0.5)}, p90 ${p(0.9)}, p99 ${p(0.99)} over ${latencies.length} exports\n`)

// 2. Sustained, 8 clients back to back.
await up.writer.drain()
const before = up.writer.rowsWritten
const t0 = performance.now()
const { acknowledged, refused: refusedRequests } = await httpLoad(url, 8, SECONDS)
const seconds = (performance.now() - t0) / 1000
await up.writer.drain()
const storedSeconds = (performance.now() - t0) / 1000
const stored = up.writer.rowsWritten - before
console.log('sustained, 8 clients back to back:')
console.log(
  `  acknowledged ${Math.round(acknowledged / seconds).toLocaleString('en-US')} spans/s over ${seconds.toFixed(1)} s, ` +
    `${refusedRequests} requests refused (503 + Retry-After: back-pressure, which SDKs retry)`,
)
console.log(
  `  stored ${stored.toLocaleString('en-US')} of ${acknowledged.toLocaleString('en-US')} acknowledged, ` +
    `all of it within ${storedSeconds.toFixed(1)} s of the start: ${Math.round(stored / storedSeconds).toLocaleString('en-US')} spans/s into the store`,
)
await up.stop()
rmSync(dir, { recursive: true, force: true })
process.exit(0)
