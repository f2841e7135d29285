// `npm run bench` (ingest): how long `tracehound up` takes to acknowledge a
// request — the batch writer's write() resolving, which is when the OTLP
// receiver answers. An OpenTelemetry SDK keeps one export in flight, so this
// latency bounds one SDK process's throughput (batch of 512 spans / latency).
// Compared in the same run against the writer's former behaviour (a fixed
// 500 ms batching delay) on the embedded engine.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { median } from 'simple-statistics'
import { generateTraces } from '../../../packages/store/test/support/generate-spans.ts'
import { BatchWriter, type BatchWriterOptions } from '../src/index.ts'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20)
const SPANS_PER_REQUEST = 512 // an SDK's default export batch
const dir = mkdtempSync(join(tmpdir(), 'tracehound-ack-bench-'))
const store = await ChdbStore.open({ dataDir: join(dir, 'store') })
await migrate(store)
console.log(`ack latency benchmark: ${ROUNDS} sequential requests of ${SPANS_PER_REQUEST} spans each, embedded store`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
)

let seed = 1
async function measure(label: string, options: BatchWriterOptions): Promise<number> {
  const writer = new BatchWriter(store, options)
  const latencies: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const rows = generateTraces({
      traces: SPANS_PER_REQUEST / 4,
      startNanos: BigInt(Date.now()) * 1_000_000n,
      seed: seed++,
    }).spans
    const t0 = performance.now()
    await writer.write('otel_traces', rows)
    latencies.push(performance.now() - t0)
  }
  await writer.drain()
  const ms = median(latencies)
  if (process.env['BENCH_DEBUG']) console.log(latencies.map((l) => Math.round(l)).join(' '))
  console.log(
    `  ${label.padEnd(46)} median ${ms.toFixed(1).padStart(7)} ms  → ${Math.round((SPANS_PER_REQUEST * 1000) / ms).toLocaleString('en')} spans/s per SDK process`,
  )
  return ms
}

const before = await measure('fixed 500 ms batching delay (before)', { groupCommit: false, maxDelayMs: 500 })
const now = await measure('group commit (now)', {})
console.log(`\n  group commit acknowledges ${(before / now).toFixed(1)}× sooner`)
await store.close()
rmSync(dir, { recursive: true, force: true })
