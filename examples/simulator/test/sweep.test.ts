// The intensity sweep as a CI guard for slow and spread-out attacks, on a
// regression seed (scales.ts): at 100× their actor's norm every sweep attack is detected,
// at 10× at least three of the four kinds are, and no run raises more than
// two findings that match no attack. The full curves are in BENCHMARKS.md.
import { describe, expect, it } from 'vitest'
import { runSweep } from '../src/run-sweep.ts'
import { REGRESSION_SEEDS, SCALES } from '../src/scales.ts'

describe('intensity sweep on a regression seed', () => {
  it('detects slow scraping, slow enumeration, quiet spikes and rotating stuffing once they are strong', {
    timeout: 10 * 60_000,
  }, async () => {
    const { points, falseFindings } = await runSweep([REGRESSION_SEEDS[0]!], SCALES.small, { intensities: [10, 100] })
    const at = (intensity: number) => points.filter((p) => p.intensity === intensity)
    const summary = points.map((p) => `${p.kind} ×${p.intensity}: ${p.detected}/${p.attacks}`).join('\n')
    expect(
      at(100)
        .map((p) => p.kind)
        .sort(),
    ).toEqual(['auth_failures', 'endpoint_abuse', 'enumeration', 'rate_spike'])
    expect(
      at(100).every((p) => p.detected === p.attacks),
      summary,
    ).toBe(true)
    expect(at(10).filter((p) => p.detected === p.attacks).length, summary).toBeGreaterThanOrEqual(3)
    for (const intensity of [10, 100])
      expect(
        falseFindings.filter((f) => f.intensity === intensity).length,
        falseFindings.map((f) => `${f.kind}: ${f.summary}`).join('\n'),
      ).toBeLessThanOrEqual(2)
  })
})
