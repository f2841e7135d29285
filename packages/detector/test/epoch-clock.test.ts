// When baselines are learned again: hourly while the history is young, then
// every baselineRefreshSeconds, never reaching back into the young period.
import { describe, expect, it } from 'vitest'
import { epochStart, MATURE_HISTORY_SECONDS } from '../src/epoch-clock.ts'

const H = 3600
const config = { baselineRefreshSeconds: 3 * H }
const start = Date.UTC(2026, 10, 2) / 1000 // 00:00

describe('epochStart', () => {
  it('hourly while less than a day of history exists, or none', () => {
    expect(epochStart(start + 5 * H + 10 * 60, start, config)).toBe(start + 5 * H)
    expect(epochStart(start + 23 * H + 59 * 60, start, config)).toBe(start + 23 * H)
    expect(epochStart(start + 7 * H + 1, undefined, config)).toBe(start + 7 * H)
  })

  it('then every three hours, aligned, and not before the day is full', () => {
    expect(epochStart(start + MATURE_HISTORY_SECONDS + 2 * H + 59 * 60, start, config)).toBe(start + 24 * H)
    expect(epochStart(start + 27 * H + 1, start, config)).toBe(start + 27 * H)
    // History starting at 00:30: the first mature hour is 01:00 the next day.
    expect(epochStart(start + 25 * H + 30 * 60, start + 30 * 60, config)).toBe(start + 25 * H)
    expect(epochStart(start + 24 * H + 10 * 60, start + 30 * 60, config)).toBe(start + 24 * H) // still young: hourly
  })
})
