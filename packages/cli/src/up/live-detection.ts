// Live detection inside `tracehound up`: every few seconds, detect the
// windows that closed behind the watermark (newest span time − lateness).
import { setTimeout as sleep } from 'node:timers/promises'
import { detectRange, type DetectorConfig, type Finding } from '@tracehound/detector'
import type { Store } from '@tracehound/store'

export interface LiveDetection {
  readonly findingsChanged: number
  /** Epoch seconds up to which event time has been detected (0 before the first window). */
  readonly detectedUntil: number
  stop(): Promise<void>
}

export function startLiveDetection(store: Store, options: { latenessSeconds: number; config: Partial<DetectorConfig>; onFinding: (f: Finding) => void; onError: (err: unknown) => void; pollMs?: number }): LiveDetection {
  let stopping = false
  let changed = 0
  let next: number | undefined
  const loop = (async () => {
    while (!stopping) {
      try {
        const [row] = await store.query<{ t: number; n: number }>('SELECT toUnixTimestamp(max(Timestamp)) AS t, count() AS n FROM otel_traces')
        if (row && Number(row.n) > 0) {
          const upTo = Math.floor((Number(row.t) - options.latenessSeconds) / 60) * 60
          next ??= upTo - 60
          if (upTo > next) {
            const report = await detectRange(store, { from: next, to: upTo, config: options.config, onFinding: options.onFinding })
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
