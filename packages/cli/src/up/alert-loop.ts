// The alert router's cycle (route new findings, deliver the outbox), every
// few seconds until stopped. Shared by `tracehound up` and `tracehound alerts`.
import { setTimeout as sleep } from 'node:timers/promises'
import type { AlertLog, AlertRouter } from '@tracehound/alerts'

export function startAlertLoop(router: AlertRouter, log: AlertLog, intervalMs = 5_000): { stop(): Promise<void> } {
  let stopping = false
  const loop = (async () => {
    while (!stopping) {
      try {
        const enqueued = await router.enqueue()
        const delivered = await router.dispatch()
        if (enqueued || delivered.sent || delivered.dead) log('info', 'alerts cycle', { enqueued, ...delivered })
      } catch (err) {
        log('error', 'alerts cycle failed; retrying next cycle', { error: (err as Error).message })
      }
      await sleep(intervalMs)
    }
  })()
  return {
    async stop() {
      stopping = true
      await loop
    },
  }
}
