// Nanosecond epoch → `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` (UTC), the DateTime64(9)
// text form. Spans of one message share their seconds, so each formatter
// caches the date part of the last second it saw.

import { OtlpDecodeError } from './decode-error.ts'

export type TimestampFormatter = (nanos: bigint) => string

/**
 * The last instant DateTime64(9) holds (2262-04-11 23:47:16.854775807 UTC,
 * 2^63 − 1 ns): a later time would fail the insert of every row batched with
 * it, so it is refused here, with the request that sent it.
 */
export const MAX_DATETIME64_9_NANOS = 9_223_372_036_854_775_807n

export function createTimestampFormatter(): TimestampFormatter {
  let cachedSecond = -1n
  let cachedPrefix = ''
  return (nanos) => {
    if (nanos > MAX_DATETIME64_9_NANOS) {
      throw new OtlpDecodeError(
        `time ${nanos} ns is after 2262-04-11, the latest time ClickHouse's DateTime64(9) stores; send Unix epoch nanoseconds`,
      )
    }
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
