import { describe, expect, it } from 'vitest'
import { decodeIntent, encodeIntent, planUnits, unitToken } from '../src/index.ts'

const offsets = (from: number, to: number): bigint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i))

describe('insert units', () => {
  it('cuts a batch into units of at most N messages', () => {
    const { units } = planUnits(offsets(10, 24), 6, undefined)
    expect(units.map((u) => [u.first, u.last, u.start, u.end])).toEqual([
      [10n, 15n, 0, 6],
      [16n, 21n, 6, 12],
      [22n, 24n, 12, 15],
    ])
  })

  it('also cuts by bytes, one message at least however large', () => {
    const sizes = [3, 3, 3, 9, 1, 1, 1, 1]
    const { units } = planUnits(offsets(0, 7), 100, undefined, sizes, 6)
    expect(units.map((u) => [u.start, u.end])).toEqual([
      [0, 2],
      [2, 3],
      [3, 4], // larger than the limit alone
      [4, 8],
    ])
    // A recorded intent is replayed as recorded, whatever the limits are now.
    expect(planUnits(offsets(0, 7), 100, { first: 0n, last: 4n }, sizes, 6).units[0]).toMatchObject({
      start: 0,
      end: 5,
    })
  })

  it('replays a recorded intent exactly, then continues', () => {
    const intent = { first: 10n, last: 13n }
    const { units } = planUnits(offsets(10, 30), 100, intent)
    expect(units[0]).toMatchObject({ first: 10n, last: 13n, replayed: true, start: 0, end: 4 })
    expect(units[1]).toMatchObject({ first: 14n, last: 30n, replayed: false })
    expect(unitToken('otlp_spans', 2, units[0]!)).toBe('otlp_spans/2/10-13/0')
  })

  it('waits for more when the batch ends before the recorded unit does', () => {
    expect(planUnits(offsets(10, 12), 100, { first: 10n, last: 13n })).toEqual({ units: [], waitForMore: true })
  })

  it('ignores an intent that does not start where the batch starts', () => {
    const { units } = planUnits(offsets(20, 22), 100, { first: 10n, last: 13n })
    expect(units).toHaveLength(1)
    expect(units[0]?.replayed).toBe(false)
  })

  it('round-trips intents through commit metadata, and ignores foreign metadata', () => {
    expect(decodeIntent(encodeIntent({ first: 5n, last: 9n }))).toEqual({ first: 5n, last: 9n })
    expect(decodeIntent('')).toBeUndefined()
    expect(decodeIntent('written by another tool')).toBeUndefined()
    expect(decodeIntent('{"v":1,"first":"9","last":"5"}')).toBeUndefined()
  })
})
