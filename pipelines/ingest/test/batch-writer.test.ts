// The in-process batch writer of `tracehound up`, on the real engine: writes
// from several clients share a batch, and a row the store refuses for good
// fails only the write that carried it — the other clients' rows are stored.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, InsertError, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTraces } from '../../../packages/store/test/support/generate-spans.ts'
import { BatchWriter } from '../src/index.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-batch-writer-'))
let store: ChdbStore
const START = 1_795_600_800n * 1_000_000_000n

const stored = async (traceIds: readonly string[]): Promise<number> =>
  Number(
    (
      await store.query<{ n: string }>('SELECT count() AS n FROM otel_traces WHERE TraceId IN {ids:Array(String)}', {
        ids: [...traceIds],
      })
    )[0]?.n,
  )

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
}, 60_000)

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('BatchWriter', () => {
  it('one write the store refuses for good costs no other write its rows', async () => {
    const writer = new BatchWriter(store, { maxDelayMs: 200, retries: 2 })
    const first = generateTraces({ traces: 20, startNanos: START, seed: 1 }).spans
    const second = generateTraces({ traces: 20, startNanos: START, seed: 2 }).spans
    // A row that got past validation but not the engine: it refuses the whole insert.
    const bad = generateTraces({ traces: 2, startNanos: START, seed: 3 }).spans.map((s, i) =>
      i === 0 ? { ...s, Timestamp: 'not a time' } : s,
    )
    const results = await Promise.allSettled([
      writer.write('otel_traces', first),
      writer.write('otel_traces', bad),
      writer.write('otel_traces', second),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(InsertError)
    expect(await stored(first.map((s) => s.TraceId))).toBe(first.length)
    expect(await stored(second.map((s) => s.TraceId))).toBe(second.length)
    expect(await stored(bad.map((s) => s.TraceId))).toBe(0)
    expect(writer.buffered).toBe(0)
  })

  it('writes that share a batch are stored in one insert', async () => {
    const writer = new BatchWriter(store, { maxDelayMs: 200 })
    const parts = [4, 5, 6].map((seed) => generateTraces({ traces: 10, startNanos: START + 10n ** 12n, seed }).spans)
    await Promise.all(parts.map((rows) => writer.write('otel_traces', rows)))
    expect(writer.batches).toBe(1)
    expect(writer.rowsWritten).toBe(parts.flat().length)
    expect(await stored(parts.flat().map((s) => s.TraceId))).toBe(parts.flat().length)
  })

  it('group commit: an idle writer stores at once, and writes arriving during an insert go together right after it', async () => {
    // A 10-minute bound on the delay: only group commit can finish these in the test's time.
    const writer = new BatchWriter(store, { maxDelayMs: 600_000 })
    const first = generateTraces({ traces: 10, startNanos: START + 2n * 10n ** 12n, seed: 7 }).spans
    await writer.write('otel_traces', first)
    expect(writer.batches).toBe(1)
    const firstBusy = writer.write(
      'otel_traces',
      generateTraces({ traces: 10, startNanos: START + 3n * 10n ** 12n, seed: 8 }).spans,
    )
    // Queued while the store is busy with the write above: they gather into one insert after it.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const later = [9, 10, 11].map((seed) =>
      writer.write('otel_traces', generateTraces({ traces: 10, startNanos: START + 4n * 10n ** 12n, seed }).spans),
    )
    await Promise.all([firstBusy, ...later])
    expect(writer.rowsWritten).toBe(first.length + 40 * 4)
    expect(writer.batches).toBeLessThanOrEqual(4)
  })
})
