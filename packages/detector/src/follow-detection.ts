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
import type { Incident } from './incident.ts'

export interface FollowOptions {
  latenessSeconds: number
  config?: Partial<DetectorConfig>
  /** Epoch seconds to start from; default: the newest closed window when data first appears. */
  from?: number
  onFinding: (finding: Finding) => void
  /** Each incident that opened, grew, resolved or merged. */
  onIncident?: (incident: Incident) => void
  onError: (err: unknown) => void
  /** @default 2_000 */
  pollMs?: number
}

export interface FollowDetection {
  readonly findingsChanged: number
  /** Epoch seconds up to which event time has been detected (0 before the first window). */
  readonly detectedUntil: number
  /** Event time (epoch seconds) of the newest stored span at the last poll (0 before any). */
  readonly newestSpanSeconds: number
  /** Cycles that failed (each is retried at the next poll). */
  readonly failedCycles: number
  /** The last poll's error, until a poll succeeds. */
  readonly lastError: string | undefined
  /** Wall-clock seconds the last cycle that detected windows took. */
  readonly lastCycleSeconds: number
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
  let failed = 0
  let newestSeen = 0
  let lastCycle = 0
  let lastError: string | undefined
  const wake = new AbortController()
  let next = options.from
  // Flows and baselines are learned once per hour of event time, not once per poll.
  const state = new DetectionState(store, { ...DEFAULT_DETECTOR_CONFIG, ...options.config })
  const loop = (async () => {
    while (!stopping) {
      try {
        const newest = await newestSpanSeconds(store)
        if (newest !== undefined) {
          newestSeen = newest
          const upTo = Math.floor((newest - options.latenessSeconds) / 60) * 60
          next ??= upTo - 60
          if (upTo > next) {
            const started = performance.now()
            const report = await detectRange(store, {
              from: next,
              to: upTo,
              config: options.config ?? {},
              onFinding: options.onFinding,
              ...(options.onIncident ? { onIncident: options.onIncident } : {}),
              state,
            })
            lastCycle = (performance.now() - started) / 1000
            changed += report.versions
            next = upTo
          }
        }
        lastError = undefined
      } catch (err) {
        failed++
        lastError = (err as Error).message
        options.onError(err)
      }
      // stop() wakes the loop instead of waiting out the poll interval.
      await sleep(options.pollMs ?? 2_000, undefined, { signal: wake.signal }).catch(() => undefined)
    }
  })()
  return {
    get findingsChanged() {
      return changed
    },
    get detectedUntil() {
      return next ?? 0
    },
    get newestSpanSeconds() {
      return newestSeen
    },
    get failedCycles() {
      return failed
    },
    get lastError() {
      return lastError
    },
    get lastCycleSeconds() {
      return lastCycle
    },
    async stop() {
      stopping = true
      wake.abort()
      await loop
    },
  }
}
