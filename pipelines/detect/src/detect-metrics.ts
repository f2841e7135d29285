// The detect stage's /metrics, in Prometheus text: how far detection has
// run, how far behind the newest span it is, and whether cycles fail.
import type { FollowDetection } from '@tracehound/detector'

export function renderDetectMetrics(follow: FollowDetection): string {
  const lag = follow.detectedUntil > 0 ? Math.max(0, follow.newestSpanSeconds - follow.detectedUntil) : 0
  return [
    '# HELP tracehound_detect_detected_until_seconds Event time (epoch seconds) up to which detection has run.',
    '# TYPE tracehound_detect_detected_until_seconds gauge',
    `tracehound_detect_detected_until_seconds ${follow.detectedUntil}`,
    '# HELP tracehound_detect_lag_seconds Newest stored span time minus the detected time (includes the configured lateness).',
    '# TYPE tracehound_detect_lag_seconds gauge',
    `tracehound_detect_lag_seconds ${lag}`,
    '# HELP tracehound_detect_finding_versions_total Findings opened, updated or resolved.',
    '# TYPE tracehound_detect_finding_versions_total counter',
    `tracehound_detect_finding_versions_total ${follow.findingsChanged}`,
    '# HELP tracehound_detect_failed_cycles_total Detection cycles that failed (retried at the next poll).',
    '# TYPE tracehound_detect_failed_cycles_total counter',
    `tracehound_detect_failed_cycles_total ${follow.failedCycles}`,
    '# HELP tracehound_detect_last_cycle_seconds Wall-clock seconds the last detecting cycle took.',
    '# TYPE tracehound_detect_last_cycle_seconds gauge',
    `tracehound_detect_last_cycle_seconds ${follow.lastCycleSeconds}`,
    '',
  ].join('\n')
}
