/** Exponential backoff with full jitter: the n-th wait (n from 0) is uniform in [0, min(max, initial·2^n)]. */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30))
  return Math.max(initialMs / 2, Math.floor(random() * cap))
}
