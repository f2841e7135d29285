// The per-test false-alarm budget: the daily budget per endpoint spread over
// the independent tests it stands for.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG } from '../src/index.ts'
import { alphaFor } from '../src/test-budget.ts'

describe('alphaFor', () => {
  const config = { ...DEFAULT_DETECTOR_CONFIG, falseAlertsPerEndpointPerDay: 0.01, horizonsMinutes: [1, 5, 15, 60] }
  it('spreads the daily budget over windows, horizons and the principals tested', () => {
    expect(alphaFor(config, 1)).toBeCloseTo(0.01 / (1440 * 4), 15)
    expect(alphaFor(config, 100)).toBeCloseTo(0.01 / (1440 * 4 * 100), 15)
  })

  it('counts a sliding horizon of h minutes as one independent test per h minutes (a chance burst stays in it h windows)', () => {
    expect(alphaFor(config, 100, 15)).toBeCloseTo(15 * alphaFor(config, 100), 15)
    expect(alphaFor(config, 100, 60)).toBeCloseTo(60 * alphaFor(config, 100, 1), 15)
    // Never looser than one test per window for horizons within a window.
    expect(alphaFor({ ...config, windowSeconds: 300 }, 1, 1)).toBe(alphaFor({ ...config, windowSeconds: 300 }, 1))
  })
})
