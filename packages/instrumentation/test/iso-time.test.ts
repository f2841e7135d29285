import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoNow } from '../src/iso-time.ts'

describe('isoNow', () => {
  it('writes what Date#toISOString writes, for any instant and in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4_102_444_800_000 }), { minLength: 1, maxLength: 20 }),
        (instants) => {
          for (const ms of instants) expect(isoNow(ms)).toBe(new Date(ms).toISOString())
        },
      ),
      { numRuns: 500 },
    )
  })

  it('pads milliseconds and crosses second boundaries', () => {
    const base = Date.UTC(2026, 10, 24, 6, 0, 59)
    expect(isoNow(base + 7)).toBe('2026-11-24T06:00:59.007Z')
    expect(isoNow(base + 42)).toBe('2026-11-24T06:00:59.042Z')
    expect(isoNow(base + 999)).toBe('2026-11-24T06:00:59.999Z')
    expect(isoNow(base + 1000)).toBe('2026-11-24T06:01:00.000Z')
  })
})
