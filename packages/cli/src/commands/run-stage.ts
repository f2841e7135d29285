// The one place a long-running command waits: it serves the stage's /healthz
// and /metrics when asked (--metrics-port), logs progress as JSON lines, and
// on SIGINT/SIGTERM stops the stage once, flushing what it holds. Every
// stage command (gateway, ingest, detect --follow, alerts, up) ends here.
import type { StageLog } from './json-log.ts'
import { startMetricsServer } from './metrics-server.ts'

/** What every stage starter returns (pipelines/*: startDetect, startAlerts, …). */
export interface RunningStage {
  health(): { ok: boolean; detail?: Record<string, unknown> }
  metrics(): string
  stop(): Promise<void>
}

export interface RunStageOptions {
  log: StageLog
  /** Serve /metrics and /healthz on this port (0 = any free port); none when undefined. */
  metricsPort?: number | undefined
  /** @default '127.0.0.1' */
  metricsHost?: string
  /** Fields of a periodic progress line. */
  progress?: () => Record<string, unknown>
  /** @default 10_000 */
  progressMs?: number
  /** Logged when stopping begins (what the stage finishes first). */
  stoppingMessage?: string
  /** Fields of the last line. */
  stopped?: () => Record<string, unknown>
}

/** Resolves once the stage has stopped after a signal. */
export async function runUntilSignal(stage: RunningStage, options: RunStageOptions): Promise<void> {
  let stopping = false
  const metrics =
    options.metricsPort === undefined
      ? undefined
      : await startMetricsServer(
          options.metricsPort,
          () => stage.metrics(),
          () => (stopping ? { ok: false, detail: { status: 'stopping' } } : stage.health()),
          options.metricsHost ?? '127.0.0.1',
        )
  if (metrics) options.log('info', 'metrics listening', { url: `${metrics.url}/metrics` })
  const progress = options.progress
    ? setInterval(() => options.log('info', 'progress', options.progress!()), options.progressMs ?? 10_000)
    : undefined
  progress?.unref()
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  stopping = true
  options.log('info', options.stoppingMessage ?? 'stopping', { signal })
  clearInterval(progress)
  try {
    await stage.stop()
  } finally {
    await metrics?.close()
  }
  options.log('info', 'stopped', options.stopped?.() ?? {})
}
