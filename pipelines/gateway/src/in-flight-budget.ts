/**
 * Bytes handed to Kafka and not yet acknowledged. A request that would push
 * the total past the limit is refused (the client retries after Retry-After),
 * so memory stays bounded when Kafka is slow. One request is always admitted
 * when nothing is in flight, whatever its size.
 */
export class InFlightBudget {
  readonly limit: number
  #used = 0

  constructor(limit: number) {
    this.limit = limit
  }

  get used(): number {
    return this.#used
  }

  tryAcquire(bytes: number): boolean {
    if (this.#used > 0 && this.#used + bytes > this.limit) return false
    this.#used += bytes
    return true
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes)
  }
}
