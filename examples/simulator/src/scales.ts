// The sizes an evaluation runs at. `small` is the CI regression guard (a few
// minutes); `full` is the recorded run (BENCHMARKS.md). Each seed draws its
// number of backends in the range: 6–12 services small, 8–40 full; about a
// third of the attacks start while the one before is still going.
import type { ScenarioOptions } from './scenario.ts'

export type Scale = 'small' | 'full'

export type ScaleOptions = Omit<ScenarioOptions, 'seed' | 'start' | 'attacks'>

export const SCALES: Record<Scale, ScaleOptions> = {
  small: {
    historyHours: 2,
    evaluationHours: 2,
    backends: 5,
    backendsRange: [4, 10],
    maxEndpoints: 3,
    users: 150,
    peakPerMinute: 400,
    rounds: 1,
    overlap: 0.3,
  },
  full: {
    historyHours: 24,
    evaluationHours: 24,
    backends: 16,
    backendsRange: [6, 38],
    maxEndpoints: 5,
    users: 3000,
    peakPerMinute: 900,
    rounds: 3,
    overlap: 0.3,
  },
}

/**
 * Seeds the detector was tuned on, and the held-out seeds the recorded
 * results come from. Held-out seeds are never used while changing the
 * detector or the simulator; a seed also draws its own topology.
 */
export const TUNING_SEEDS = [1, 2, 3, 4, 5]
export const HELD_OUT_SEEDS = [101, 102, 103]
