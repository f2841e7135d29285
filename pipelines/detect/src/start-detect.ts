// The detect stage: continuous detection against the store, one window at a
// time behind the watermark (newest span − lateness), with the health and
// metrics every stage serves. `tracehound detect --follow`, `up` and the
// demo all start detection through here.
import { followDetection, type DetectorConfig, type Finding, type Incident } from '@tracehound/detector'
import type { Store } from '@tracehound/store'
import { renderDetectMetrics } from './detect-metrics.ts'

export type StageLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface DetectStageOptions {
  /** How far behind the newest stored span the watermark stays. @default 30 */
  latenessSeconds?: number
  /** Detector settings; defaults otherwise. */
  config?: Partial<DetectorConfig>
  /** Event time (epoch seconds) to start from; default: the newest closed window when data first appears. */
  from?: number
  /** How often to look for newly closed windows. @default 2_000 ms */
  pollMs?: number
  onFinding: (finding: Finding) => void
  /** Each incident that opened, grew, resolved or merged. */
  onIncident?: (incident: Incident) => void
  log: StageLog
}

export interface DetectStage {
  /** Event time (epoch seconds) up to which detection has run. */
  readonly detectedUntil: number
  /** Healthy while running and the last cycle did not fail. */
  health(): { ok: boolean; detail: Record<string, unknown> }
  /** Prometheus text. */
  metrics(): string
  stop(): Promise<void>
}

export function startDetect(store: Store, options: DetectStageOptions): DetectStage {
  let stopping = false
  const follow = followDetection(store, {
    latenessSeconds: options.latenessSeconds ?? 30,
    config: options.config ?? {},
    ...(options.from !== undefined ? { from: options.from } : {}),
    pollMs: options.pollMs ?? 2_000,
    onFinding: options.onFinding,
    ...(options.onIncident ? { onIncident: options.onIncident } : {}),
    onError: (err) =>
      options.log('error', 'detection cycle failed; retrying at the next poll', { error: (err as Error).message }),
  })
  return {
    get detectedUntil() {
      return follow.detectedUntil
    },
    health: () => ({
      ok: !stopping && follow.lastError === undefined,
      detail: {
        detected_until: follow.detectedUntil,
        lag_seconds: Math.max(0, follow.newestSpanSeconds - follow.detectedUntil),
        ...(follow.lastError ? { last_error: follow.lastError } : {}),
      },
    }),
    metrics: () => renderDetectMetrics(follow),
    async stop() {
      stopping = true
      await follow.stop()
    },
  }
}
