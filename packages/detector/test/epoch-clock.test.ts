// When baselines are learned again: every 10 minutes while the history is
// younger than 2 hours, hourly up to a day, then every
// baselineRefreshSeconds — never straddling two of those periods.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, flowEpochConfig } from '../src/detector-config.ts'
import { epochStart } from '../src/epoch-clock.ts'

const M = 60
const H = 3600
const config = { baselineRefreshSeconds: 3 * H }
const start = Date.UTC(2026, 10, 2) / 1000 // 00:00

describe('epochStart', () => {
  it('every 10 minutes while history is young (or absent)', () => {
    expect(epochStart(start + 45 * M, start, config)).toBe(start + 40 * M)
    expect(epochStart(start + H + 59 * M, start, config)).toBe(start + H + 50 * M)
    expect(epochStart(start + 7 * H + 1, undefined, config)).toBe(start + 7 * H)
  })

  it('hourly from 2 hours of history, starting where the young period ends', () => {
    expect(epochStart(start + 2 * H + 5 * M, start, config)).toBe(start + 2 * H)
    expect(epochStart(start + 5 * H + 10 * M, start, config)).toBe(start + 5 * H)
    // History from 00:30: the hourly period starts at 02:30, then keeps to whole hours.
    expect(epochStart(start + 2 * H + 55 * M, start + 30 * M, config)).toBe(start + 2 * H + 30 * M)
    expect(epochStart(start + 3 * H + 5 * M, start + 30 * M, config)).toBe(start + 3 * H)
  })

  it('every three hours once a day of history exists', () => {
    expect(epochStart(start + 26 * H + 59 * M, start, config)).toBe(start + 24 * H)
    expect(epochStart(start + 27 * H + 1, start, config)).toBe(start + 27 * H)
    expect(epochStart(start + 25 * H + 30 * M, start + 30 * M, config)).toBe(start + 24 * H + 30 * M)
    expect(epochStart(start + 24 * H + 10 * M, start + 30 * M, config)).toBe(start + 24 * H) // still hourly
  })

  it('flows every six hours once a day of history exists, each baseline epoch inside one flow epoch', () => {
    const flows = flowEpochConfig({ ...DEFAULT_DETECTOR_CONFIG, ...config })
    expect(epochStart(start + 29 * H + 59 * M, start, flows)).toBe(start + 24 * H)
    expect(epochStart(start + 30 * H + 1, start, flows)).toBe(start + 30 * H)
    // Younger history: the same epochs as the baselines.
    expect(epochStart(start + 5 * H + 10 * M, start, flows)).toBe(start + 5 * H)
    // Not a multiple of the baselines' epoch: rounded up to one (7 h → 9 h).
    expect(
      flowEpochConfig({ ...DEFAULT_DETECTOR_CONFIG, ...config, flowRefreshSeconds: 7 * H }).baselineRefreshSeconds,
    ).toBe(9 * H)
    for (const historyStart of [start, start + 30 * M, start + 7 * M]) {
      for (let t = start + 20 * H; t < start + 60 * H; t += 7 * M) {
        const baseline = epochStart(t, historyStart, config)
        // Every minute of the window's baseline epoch has the window's flow epoch.
        const flowEpoch = epochStart(t, historyStart, flows)
        expect(epochStart(baseline, historyStart, flows)).toBe(flowEpoch)
      }
    }
  })
})
