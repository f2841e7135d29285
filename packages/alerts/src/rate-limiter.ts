/** A token bucket per receiver: `perMinute` deliveries, refilled continuously. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  /** Milliseconds to wait before the next delivery to `key` (0 = go now, and a token is taken). */
  take(key: string, perMinute: number, now: number): number {
    const bucket = this.#buckets.get(key) ?? { tokens: perMinute, at: now }
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute)
    bucket.at = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - bucket.tokens) / perMinute) * 60_000)
  }
}
