// The false-alarm probability each count test may use: the configured budget
// of false alerts per endpoint per day, spread over the tests it stands for
// (one per window, per horizon, per principal tested). Pure.
import type { DetectorConfig } from './detector-config.ts'

export function alphaFor(
  config: Pick<DetectorConfig, 'falseAlertsPerEndpointPerDay' | 'windowSeconds' | 'horizonsMinutes'>,
  entitiesPerEndpoint: number,
): number {
  const windowsPerDay = 86_400 / config.windowSeconds
  return (
    config.falseAlertsPerEndpointPerDay /
    (windowsPerDay * config.horizonsMinutes.length * Math.max(1, entitiesPerEndpoint))
  )
}
