// The alerts stage: every few seconds, route new findings into the durable
// outbox and deliver what is due, with the health and metrics every stage
// serves. `tracehound alerts` and `up --alerts-config` start it. A failed
// cycle is logged and retried at the next one; nothing is lost, because the
// outbox is in the store.
import { setTimeout as sleep } from 'node:timers/promises'
import { AlertRouter, type AlertLog, type AlertsConfig } from '@tracehound/alerts'
import type { Store } from '@tracehound/store'
import { AlertsCounters, renderAlertsMetrics } from './alerts-metrics.ts'

export interface AlertsStageOptions {
  config: AlertsConfig
  /** Per receiver, its resolved secrets (webhook URL, routing key). */
  secrets: Map<string, Record<string, string>>
  /** @default 5_000 ms */
  intervalMs?: number
  log: AlertLog
}

export interface AlertsStage {
  /** Healthy while running and the last cycle did not fail. */
  health(): { ok: boolean; detail: Record<string, unknown> }
  /** Prometheus text. */
  metrics(): string
  stop(): Promise<void>
}

export function startAlerts(store: Store, options: AlertsStageOptions): AlertsStage {
  const router = new AlertRouter(store, options.config, options.secrets, { log: options.log })
  const counters = new AlertsCounters()
  const wake = new AbortController()
  let stopping = false
  let lastError: string | undefined
  const loop = (async () => {
    while (!stopping) {
      try {
        const enqueued = await router.enqueue()
        const delivered = await router.dispatch()
        counters.add(enqueued, delivered)
        lastError = undefined
        if (enqueued || delivered.sent || delivered.dead)
          options.log('info', 'alerts cycle', { enqueued, ...delivered })
      } catch (err) {
        counters.failedCycles++
        lastError = (err as Error).message
        options.log('error', 'alerts cycle failed; retrying next cycle', { error: lastError })
      }
      // stop() wakes the loop instead of waiting out the interval.
      await sleep(options.intervalMs ?? 5_000, undefined, { signal: wake.signal }).catch(() => undefined)
    }
  })()
  return {
    health: () => ({
      ok: !stopping && lastError === undefined,
      detail: { cycles: counters.cycles, ...(lastError ? { last_error: lastError } : {}) },
    }),
    metrics: () => renderAlertsMetrics(counters),
    async stop() {
      stopping = true
      wake.abort()
      await loop
    },
  }
}
