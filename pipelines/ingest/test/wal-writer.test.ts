// The write-ahead log behind `tracehound up`'s acknowledgements, on the real
// engine: a write is acknowledged once on disk, before the store has it;
// after a crash the next run stores what was logged exactly once (also when
// the crashed run's insert had landed); a torn last line is cut; rows the
// store refuses for good are isolated and kept, the others stored.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, encodeJsonEachRow, InsertError, migrate, type Store } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTraces } from '../../../packages/store/test/support/generate-spans.ts'
import { BufferFullError, WalWriter } from '../src/index.ts'

const root = mkdtempSync(join(tmpdir(), 'tracehound-wal-'))
let store: ChdbStore
const START = 1_795_600_800n * 1_000_000_000n
let seed = 100

const spans = (traces: number) => generateTraces({ traces, startNanos: START, seed: seed++ }).spans
const stored = async (rows: readonly { TraceId: string }[]): Promise<number> =>
  Number(
    (
      await store.query<{ n: string }>('SELECT count() AS n FROM otel_traces WHERE TraceId IN {ids:Array(String)}', {
        ids: [...new Set(rows.map((r) => r.TraceId))],
      })
    )[0]?.n,
  )

/** Stands in for a store that is slow or gone: its inserts wait until released (or forever). */
function heldStore(inner: Store): { store: Store; release: () => void; inserts: () => number } {
  let release = (): void => undefined
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  let inserts = 0
  const store = Object.create(inner) as Store
  store.insertEncoded = async (...args) => {
    inserts++
    await gate
    return inner.insertEncoded(...args)
  }
  return { store, release, inserts: () => inserts }
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir: join(root, 'store') })
  await migrate(store)
}, 60_000)

afterAll(async () => {
  await store?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('WalWriter', () => {
  it('acknowledges a write once it is on disk, before the store has it, and then stores it', async () => {
    const dir = join(root, 'ack')
    const held = heldStore(store)
    const wal = await WalWriter.open(dir, held.store)
    const rows = spans(30)
    await wal.write('otel_traces', rows) // resolves with the store still held
    expect(await stored(rows)).toBe(0)
    expect(wal.buffered).toBe(rows.length)
    const logged = readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    expect(logged).toHaveLength(1)
    expect(readFileSync(join(dir, logged[0]!), 'utf8').trim().split('\n')).toHaveLength(rows.length)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, logged[0]!)).mode & 0o777).toBe(0o600)
    held.release()
    await wal.drain()
    expect(await stored(rows)).toBe(rows.length)
    expect(wal.rowsWritten).toBe(rows.length)
    expect(wal.buffered).toBe(0)
    expect(readdirSync(dir).filter((f) => f.endsWith('.jsonl'))).toEqual([])
  })

  it('after a crash, the next run stores what was acknowledged — exactly once, also when the insert had landed', async () => {
    const dir = join(root, 'crash')
    // Run 1: the store takes the first segment's insert but never answers (the process dies meanwhile).
    let landed = 0
    const dying = Object.create(store) as Store
    dying.insertEncoded = async (...args) => {
      if (landed++ === 0) await store.insertEncoded(...args)
      return new Promise(() => undefined)
    }
    const first = await WalWriter.open(dir, dying)
    const rows = spans(25)
    await first.write('otel_traces', rows)
    await new Promise((r) => setTimeout(r, 300)) // its insert lands; the acknowledgement never comes
    const more = spans(10)
    await first.write('otel_traces', more) // logged behind the stuck insert
    expect(await stored(rows)).toBe(rows.length)
    expect(await stored(more)).toBe(0)
    // Run 2 on the same log: both segments again, with their tokens — the first is not doubled.
    const second = await WalWriter.open(dir, store)
    await second.drain()
    expect(await stored(rows)).toBe(rows.length)
    expect(await stored(more)).toBe(more.length)
  })

  it('cuts a torn last line (never acknowledged) when it recovers', async () => {
    const dir = join(root, 'torn')
    const rows = spans(5)
    const body = encodeJsonEachRow(rows)
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dir, { mode: 0o700 })
    const torn = Buffer.concat([body, encodeJsonEachRow(spans(1)).subarray(0, 40)])
    writeFileSync(join(dir, '0badcafe-000000001-otel_traces.jsonl'), torn, { mode: 0o600 })
    const wal = await WalWriter.open(dir, store)
    await wal.drain()
    expect(await stored(rows)).toBe(rows.length)
    expect(wal.rowsWritten).toBe(rows.length)
  })

  it('isolates rows the store refuses for good: the others are stored, those kept in rejected/ and counted', async () => {
    const dir = join(root, 'refused')
    const logs: string[] = []
    const wal = await WalWriter.open(dir, store, { log: (_level, message) => logs.push(message) })
    const good = spans(20)
    const bad = { ...spans(1)[0]!, Timestamp: 'not a time' }
    await wal.write('otel_traces', [...good.slice(0, 7), bad, ...good.slice(7)])
    await wal.drain()
    expect(await stored(good)).toBe(good.length)
    expect(wal.rowsRejected).toBe(1)
    const rejected = readdirSync(join(dir, 'rejected'))
    expect(rejected).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(dir, 'rejected', rejected[0]!), 'utf8'))).toMatchObject({
      Timestamp: 'not a time',
    })
    expect(logs.some((m) => /refused acknowledged rows for good/.test(m))).toBe(true)
  })

  it('pushes back when the store is too far behind, and nothing is lost once it catches up', async () => {
    const dir = join(root, 'full')
    const held = heldStore(store)
    const wal = await WalWriter.open(dir, held.store, { maxPendingBytes: 20_000 })
    const rows = spans(30) // more than 20 kB as JSON
    await wal.write('otel_traces', rows)
    await expect(wal.write('otel_traces', spans(2))).rejects.toBeInstanceOf(BufferFullError)
    held.release()
    await wal.drain()
    expect(await stored(rows)).toBe(rows.length)
    await wal.write('otel_traces', spans(2)) // accepted again
    await wal.drain()
  })

  it('a retriable failure is retried with the same token (not stored twice)', async () => {
    const dir = join(root, 'retry')
    let calls = 0
    const flaky = Object.create(store) as Store
    flaky.insertEncoded = async (...args) => {
      const result = await store.insertEncoded(...args)
      if (calls++ === 0) throw new InsertError('otel_traces', 1, 'connection reset after the insert', true)
      return result
    }
    const wal = await WalWriter.open(dir, flaky)
    const rows = spans(12)
    await wal.write('otel_traces', rows)
    await wal.drain()
    expect(calls).toBe(2)
    expect(await stored(rows)).toBe(rows.length)
  })
})
