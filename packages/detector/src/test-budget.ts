// The false-alarm probability each count test may use: the configured budget
// of false alerts per endpoint per day, spread over the tests it stands for
// (one per window, per horizon, per principal tested). Pure.
//
// A false alert is a finding — an episode, not a window: the tracker keeps
// one finding while consecutive windows stay above the threshold. A count
// over a sliding horizon of h minutes that a chance burst lifts above the
// threshold stays there until the burst slides out, about h windows; so a
// horizon of h minutes makes about one independent test per h minutes, and
// its per-test budget is h times a 1-minute horizon's (`perHorizon`).
import type { DetectorConfig } from './detector-config.ts'

export function alphaFor(
  config: Pick<DetectorConfig, 'falseAlertsPerEndpointPerDay' | 'windowSeconds' | 'horizonsMinutes'>,
  entitiesPerEndpoint: number,
  horizonMinutes?: number,
): number {
  const windowsPerDay = 86_400 / Math.max(config.windowSeconds, (horizonMinutes ?? 0) * 60)
  return (
    config.falseAlertsPerEndpointPerDay /
    (windowsPerDay * config.horizonsMinutes.length * Math.max(1, entitiesPerEndpoint))
  )
}
