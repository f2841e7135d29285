// Robust statistics for baselines: median and MAD resist the outliers an
// attack puts into the history; a floor keeps tiny, flat baselines from
// turning every blip into a finding.
import { median, medianAbsoluteDeviation, quantile } from 'simple-statistics'

export interface RobustBaseline {
  readonly median: number
  /** Scaled MAD (×1.4826): comparable to a standard deviation for normal data. */
  readonly spread: number
  readonly p99: number
  readonly samples: number
}

/** Values this many spreads above the median are left out of the p99: a past attack must not raise the bar for the next one. */
const OUTLIER_SPREADS = 12

/** `keepOutliers`: the high values are a recurring pattern (a daily batch), not a past attack. */
export function robustBaseline(
  values: readonly number[],
  options: { keepOutliers?: boolean } = {},
): RobustBaseline | undefined {
  if (values.length === 0) return undefined
  const list = [...values]
  const mid = median(list)
  const spread = medianAbsoluteDeviation(list) * 1.4826
  const ordinary = options.keepOutliers ? list : list.filter((v) => !isOutlier(v, mid, spread))
  return {
    median: mid,
    spread,
    p99: quantile(ordinary.length > 0 ? ordinary : list, 0.99),
    samples: list.length,
  }
}

export function isOutlier(value: number, median: number, spread: number): boolean {
  return value > median + OUTLIER_SPREADS * Math.max(spread, 1)
}

/**
 * The level an observation must exceed: median + k·spread, at least
 * `factor`× the 99th percentile of the history, and never below `floor`.
 */
export function threshold(baseline: RobustBaseline, k: number, floor: number, factor = 1): number {
  return Math.max(baseline.median + k * Math.max(baseline.spread, 1), baseline.p99 * factor, floor)
}
