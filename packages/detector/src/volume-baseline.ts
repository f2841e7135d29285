// Which history an endpoint's volume is judged against. Traffic follows the
// day (and the week), so a minute is compared with the same time of day on
// earlier days — the same weekday once a week of history exists — and only
// falls back to the recent hours while there is less than a day. Pure.
import type { DetectorConfig } from './detector-config.ts'
import type { EndpointHistory } from './detection-input.ts'
import { isOutlier, robustBaseline, type RobustBaseline } from './robust-stats.ts'

export type VolumeBasis = 'same weekday and time of day' | 'time of day on earlier days' | 'recent hours'

export interface VolumeBaseline {
  base: RobustBaseline
  basis: VolumeBasis
  /** Requests/min of a peak that recurs at this time of day on two or more earlier days (a nightly batch), if one does. */
  recurringPeak?: number
}

/** `windowStart`: keep only the seasonal minutes within `seasonalSlotSeconds` of the window's own time of day (when the history says where they are). */
export function volumeBaseline(
  history: EndpointHistory,
  config: Pick<DetectorConfig, 'minSeasonalSamples' | 'seasonalSlotSeconds'>,
  windowStart?: number,
): VolumeBaseline | undefined {
  const offsets = history.seasonalOffsets
  const at =
    windowStart !== undefined && history.epochStart !== undefined ? windowStart - history.epochStart : undefined
  const all = history.seasonal
    .map((value, i) => ({ value, daysAgo: history.seasonalDaysAgo[i]!, offset: offsets?.[i] }))
    .filter((s) => at === undefined || s.offset === undefined || Math.abs(s.offset - at) <= config.seasonalSlotSeconds)
  const weekly = all.filter((s) => s.daysAgo % 7 === 0)
  if (weekly.length >= config.minSeasonalSamples) return seasonalBaseline(weekly, 'same weekday and time of day')
  if (all.length >= config.minSeasonalSamples) return seasonalBaseline(all, 'time of day on earlier days')
  const base = robustBaseline(history.perMinute)
  return base ? { base, basis: 'recent hours' } : undefined
}

/**
 * Outliers that recur at this time of day on two or more days are a pattern
 * (a daily batch) and set the bar; on one day only, they were an incident.
 */
function seasonalBaseline(
  samples: { value: number; daysAgo: number }[],
  basis: VolumeBasis,
): VolumeBaseline | undefined {
  const values = samples.map((s) => s.value)
  const plain = robustBaseline(values)
  if (!plain) return undefined
  const outliers = samples.filter((s) => isOutlier(s.value, plain.median, plain.spread))
  if (new Set(outliers.map((s) => s.daysAgo)).size < 2) return { base: plain, basis }
  return {
    base: robustBaseline(values, { keepOutliers: true })!,
    basis,
    recurringPeak: Math.max(...outliers.map((s) => s.value)),
  }
}
