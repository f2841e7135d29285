// kafkajs's request queue schedules a check of its pending requests with
// `setTimeout(…, throttledUntil - Date.now())`, and while nothing is
// throttled `throttledUntil` is -1: a delay of minus the epoch time. Node
// turns any delay below 1 into 1 ms and, since Node 24, says so on stderr
// (`TimeoutNegativeWarning: -1795… is a negative number`) in every process
// that talks to Kafka — a line an operator would rightly take for a bug.
// This is the same method with the delay made at least 1 ms: the timer Node
// would set anyway, without the warning. kafkajs 2.2.4 is its last release;
// if the method is not where it was, nothing is changed.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
/** kafkajs's own interval for re-checking pending requests (requestQueue/index.js). */
const CHECK_PENDING_REQUESTS_INTERVAL = 10

interface RequestQueue {
  throttledUntil: number
  pending: unknown[]
  throttleCheckTimeoutId: NodeJS.Timeout | null
  checkPendingRequests(): void
  scheduleCheckPendingRequests(): void
}

function install(): boolean {
  let queue: { prototype: RequestQueue }
  try {
    queue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue }
  } catch {
    return false
  }
  if (typeof queue.prototype?.scheduleCheckPendingRequests !== 'function') return false
  queue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue): void {
    let scheduleAt = this.throttledUntil - Date.now()
    if (!this.throttleCheckTimeoutId) {
      if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL
      this.throttleCheckTimeoutId = setTimeout(
        () => {
          this.throttleCheckTimeoutId = null
          this.checkPendingRequests()
        },
        Math.max(1, scheduleAt),
      )
    }
  }
  return true
}

const installed = install()

/** Whether kafkajs's request queues schedule their checks without a negative delay. */
export function kafkajsTimerClamped(): boolean {
  return installed
}
