// Detection over an event-time range, window by window; each window's
// baselines come from the data before it, so a replayed range gives the same
// findings as live detection over the same spans.
import type { Store } from '@tracehound/store'
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector-config.ts'
import { detectWindow } from './detect-window.ts'
import type { Finding } from './finding.ts'
import { FindingTracker } from './finding-tracker.ts'
import type { Incident } from './incident.ts'
import { refreshIncidents } from './incidents-table.ts'
import { openFindings, toRow } from './findings-table.ts'
import { DetectionState, readDetectionInput } from './rollup-reader.ts'
import { withSampleCorrelationIds } from './sample-correlation-ids.ts'
import { withPrincipalSamples } from './principal-samples.ts'
import { recentHorizonSeconds } from './horizon-reader.ts'

export interface DetectRangeOptions {
  /** Epoch seconds; rounded down to the window size. */
  from: number
  /** Epoch seconds, exclusive. */
  to: number
  config?: Partial<DetectorConfig>
  /** After each window: windows done, total, findings changed so far. */
  onProgress?: (done: number, total: number, changed: number) => void
  /** Each new, updated or resolved finding, as it happens. */
  onFinding?: (finding: Finding) => void
  /** Each incident that opened, grew, resolved or merged, after the range's findings are grouped. */
  onIncident?: (incident: Incident) => void
  /** Learned flows and baselines to reuse across calls (live detection calls this every few seconds). */
  state?: DetectionState
}

export interface DetectRangeReport {
  windows: number
  /** Finding versions written (opened, updated, resolved). */
  versions: number
  /** Distinct findings touched. */
  findings: Finding[]
  /** Incidents written (new or changed) by this run. */
  incidents: Incident[]
}

export async function detectRange(store: Store, options: DetectRangeOptions): Promise<DetectRangeReport> {
  const config: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...options.config }
  if (config.windowSeconds % 60 !== 0 || config.windowSeconds < 60) {
    throw new RangeError(
      `windowSeconds ${config.windowSeconds}: expected a multiple of 60 (the rollups are per minute)`,
    )
  }
  if (!(options.to > options.from))
    throw new RangeError(`detect range: --to (${options.to}) must be after --from (${options.from})`)
  const start = Math.floor(options.from / config.windowSeconds) * config.windowSeconds
  const total = Math.ceil((options.to - start) / config.windowSeconds)
  const tracker = new FindingTracker(config.resolveAfterWindows, config.windowSeconds, await openFindings(store))
  const state = options.state ?? new DetectionState(store, config)
  const touched = new Map<string, Finding>()
  let versions = 0
  const windowAt = (i: number) => ({
    start: start + i * config.windowSeconds,
    end: start + (i + 1) * config.windowSeconds,
  })
  // Window reads are fetched an hour ahead (one query set per hour of windows), overlapping detection.
  const AHEAD = Math.max(1, Math.floor(3600 / config.windowSeconds))
  for (let i = 0; i < total; i++) {
    if (i % AHEAD === 0) state.prefetch(Array.from({ length: Math.min(AHEAD, total - i) }, (_, j) => windowAt(i + j)))
    const window = windowAt(i)
    const input = await readDetectionInput(store, window, config, state)
    const drafts = await withPrincipalSamples(store, window, detectWindow(input, config), recentHorizonSeconds(config))
    const changed = tracker.observe(window, await withSampleCorrelationIds(store, window, drafts))
    if (changed.length > 0) {
      // Version = window end (ms) + position: later windows win, replays write identical rows.
      await store.insert(
        'findings',
        changed.map((f, j) => toRow(f, window.end * 1000 + j)),
        { dedupToken: `findings/${window.start}/${changed.map((f) => `${f.fingerprint}:${f.status}`).join(',')}` },
      )
      versions += changed.length
      for (const f of changed) {
        touched.set(f.id, f) // by id: a fingerprint that resolves and opens again is two findings
        options.onFinding?.(f)
      }
    }
    options.onProgress?.(i + 1, total, versions)
  }
  // Findings of one attack → one incident: regrouped once per run, around what it detected.
  const incidents =
    versions > 0 ? await refreshIncidents(store, start, start + total * config.windowSeconds, config) : []
  for (const incident of incidents) options.onIncident?.(incident)
  return { windows: total, versions, findings: [...touched.values()], incidents }
}
