// Live detection (`tracehound detect --follow`, and inside `tracehound up`):
// every few seconds, detect the windows that closed behind the watermark —
// the newest stored span time minus the allowed lateness. Same detectRange as
// a replayed range, so live and replayed findings agree.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Store } from '@tracehound/store'
import { detectRange } from './detect-range.ts'
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector-config.ts'
import { DetectionState } from './rollup-reader.ts'
import type { Finding } from './finding.ts'

export interface FollowOptions {
  latenessSeconds: number
  config?: Partial<DetectorConfig>
  /** Epoch seconds to start from; default: the newest closed window when data first appears. */
  from?: number
  onFinding: (finding: Finding) => void
  onError: (err: unknown) => void
  /** @default 2_000 */
  pollMs?: number
}

export interface FollowDetection {
  readonly findingsChanged: number
  /** Epoch seconds up to which event time has been detected (0 before the first window). */
  readonly detectedUntil: number
  stop(): Promise<void>
}

/**
 * The newest span time, from the trace-id lookup table (one row per trace and
 * insert block, far smaller than otel_traces); undefined while it is empty.
 */
async function newestSpanSeconds(store: Store): Promise<number | undefined> {
  const [row] = await store.query<{ t: number }>('SELECT toUnixTimestamp(max(End)) AS t FROM otel_traces_trace_id_ts')
  const t = Number(row?.t ?? 0)
  return t > 0 ? t : undefined
}

export function followDetection(store: Store, options: FollowOptions): FollowDetection {
  let stopping = false
  let changed = 0
  let next = options.from
  // Flows and baselines are learned once per hour of event time, not once per poll.
  const state = new DetectionState(store, { ...DEFAULT_DETECTOR_CONFIG, ...options.config })
  const loop = (async () => {
    while (!stopping) {
      try {
        const newest = await newestSpanSeconds(store)
        if (newest !== undefined) {
          const upTo = Math.floor((newest - options.latenessSeconds) / 60) * 60
          next ??= upTo - 60
          if (upTo > next) {
            const report = await detectRange(store, { from: next, to: upTo, config: options.config ?? {}, onFinding: options.onFinding, state })
            changed += report.versions
            next = upTo
          }
        }
      } catch (err) {
        options.onError(err)
      }
      await sleep(options.pollMs ?? 2_000)
    }
  })()
  return {
    get findingsChanged() {
      return changed
    },
    get detectedUntil() {
      return next ?? 0
    },
    async stop() {
      stopping = true
      await loop
    },
  }
}
