// Nanosecond epoch → `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` (UTC), the DateTime64(9)
// text form. Spans of one message share their seconds, so each formatter
// caches the date part of the last second it saw.

export type TimestampFormatter = (nanos: bigint) => string

export function createTimestampFormatter(): TimestampFormatter {
  let cachedSecond = -1n
  let cachedPrefix = ''
  return (nanos) => {
    const second = nanos / 1_000_000_000n
    if (second !== cachedSecond) {
      cachedSecond = second
      cachedPrefix = new Date(Number(second) * 1000).toISOString().slice(0, 19).replace('T', ' ')
    }
    return `${cachedPrefix}.${(nanos % 1_000_000_000n).toString().padStart(9, '0')}`
  }
}

/** Duration in nanoseconds as a number (exact below 2^53 ns ≈ 104 days); an end before the start counts as 0. */
export function durationNanos(start: bigint, end: bigint): number {
  return end > start ? Number(end - start) : 0
}
