// kafkajs's request queue asked Node for a timer of minus the epoch time
// whenever nothing was throttled, and Node 24 printed a TimeoutNegativeWarning
// in every process talking to Kafka (src/kafkajs-timer-clamp.ts). The patched
// method sets the timer Node would have set (1 ms), keeps kafkajs's delays
// otherwise, and warns about nothing. The queue is driven through its own
// method on kafkajs's own prototype; the pipelines' tests run it against the
// real broker.
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { kafkajsTimerClamped } from '../src/kafkajs-timer-clamp.ts'

const require = createRequire(import.meta.url)
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { scheduleCheckPendingRequests(this: unknown): void }
}

interface FakeQueue {
  throttledUntil: number
  pending: unknown[]
  throttleCheckTimeoutId: NodeJS.Timeout | null
  checks: number
  checkPendingRequests(): void
}
const queue = (throttledUntil: number, pending: unknown[]): FakeQueue => ({
  throttledUntil,
  pending,
  throttleCheckTimeoutId: null,
  checks: 0,
  checkPendingRequests() {
    this.checks++
  },
})
const warnings: Error[] = []
const onWarning = (w: Error): number => warnings.push(w)
process.on('warning', onWarning)
afterEach(() => {
  warnings.length = 0
})

async function scheduled(q: FakeQueue): Promise<number> {
  const started = performance.now()
  RequestQueue.prototype.scheduleCheckPendingRequests.call(q)
  expect(q.throttleCheckTimeoutId).not.toBeNull()
  while (q.checks === 0) await new Promise((r) => setTimeout(r, 1))
  expect(q.throttleCheckTimeoutId).toBeNull()
  return performance.now() - started
}

describe('kafkajs request-queue timer', () => {
  it('is installed once its module loads (main.ts loads it first), and warns about nothing when nothing is throttled', async () => {
    expect(kafkajsTimerClamped()).toBe(true)
    await scheduled(queue(-1, []))
    await new Promise((r) => setImmediate(r))
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutNegativeWarning')
  })

  it('keeps kafkajs’s delays: the throttle’s end, or its 10 ms re-check when requests are pending', async () => {
    expect(await scheduled(queue(Date.now() + 60, ['request']))).toBeGreaterThanOrEqual(50)
    expect(await scheduled(queue(-1, ['request']))).toBeGreaterThanOrEqual(9)
    // A timer already set is left alone.
    const q = queue(-1, [])
    q.throttleCheckTimeoutId = setTimeout(() => {}, 1)
    const before = q.throttleCheckTimeoutId
    RequestQueue.prototype.scheduleCheckPendingRequests.call(q)
    expect(q.throttleCheckTimeoutId).toBe(before)
  })
})
