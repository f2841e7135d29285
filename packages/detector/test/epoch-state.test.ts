// Learned epoch state kept in the store: a restarted detector (a new
// BaselineCache / FlowBaseline on the same store) reads back exactly what the
// first one learned, without learning; another configuration learns its own;
// the encoding keeps Maps, Sets, undefined and non-finite numbers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaselineCache } from '../src/baseline-cache.ts'
import { DEFAULT_DETECTOR_CONFIG } from '../src/detector-config.ts'
import { decodeState, encodeState, stateKey } from '../src/epoch-state.ts'
import { FlowBaseline } from '../src/flow-baseline.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-epoch-state-'))
let store: ChdbStore
const HOURS = 3
const window = { start: BASE_SECONDS + HOURS * 3600, end: BASE_SECONDS + HOURS * 3600 + 60 }

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(5)
  traffic.normal(BASE_SECONDS, HOURS * 60, 20)
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `epoch-state-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const rows = async (kind: string): Promise<number> =>
  Number(
    (
      await store.query<{ n: string }>('SELECT count() AS n FROM detector_state WHERE Kind = {kind:String}', { kind })
    )[0]?.n,
  )

describe('learned epoch state', () => {
  it('encodes Maps, Sets, undefined and non-finite numbers', () => {
    const value = {
      m: new Map([['a', [{ requests: undefined, p95: 3 }]]]),
      s: new Set(['user-1']),
      n: [Number.NaN, Number.POSITIVE_INFINITY, 1.5],
      u: undefined,
    }
    const back = decodeState<typeof value>(encodeState(value))
    expect(back.m).toEqual(value.m)
    expect(back.m.get('a')![0]!.requests).toBeUndefined()
    expect(back.m.get('a')![0]!.p95).toBe(3)
    expect(back.s).toEqual(value.s)
    expect(back.n).toEqual(value.n)
    expect(back.u).toBeUndefined()
  })

  it('a restarted detector reads back what the first learned, once per epoch and configuration', async () => {
    const first = await new BaselineCache(store, DEFAULT_DETECTOR_CONFIG).for(window)
    const flows = await new FlowBaseline(store, DEFAULT_DETECTOR_CONFIG).flowsFor(window)
    expect(first.baselines.own.size).toBeGreaterThan(0)
    expect(await rows('baselines')).toBe(1)
    expect(await rows('flows')).toBe(1)

    const restarted = await new BaselineCache(store, DEFAULT_DETECTOR_CONFIG).for(window)
    expect(restarted).toEqual(first)
    expect(await new FlowBaseline(store, DEFAULT_DETECTOR_CONFIG).flowsFor(window)).toEqual(flows)
    expect(await rows('baselines')).toBe(1) // read, not learned and written again

    const other = { ...DEFAULT_DETECTOR_CONFIG, principalHistorySeconds: 3600 }
    expect(stateKey(other)).not.toBe(stateKey(DEFAULT_DETECTOR_CONFIG))
    await new BaselineCache(store, other).for(window)
    expect(await rows('baselines')).toBe(2)
    // The policy is not part of what is learned: the same key.
    expect(stateKey({ ...DEFAULT_DETECTOR_CONFIG, edgePolicy: ['a -> b'] })).toBe(stateKey(DEFAULT_DETECTOR_CONFIG))
  })
})
