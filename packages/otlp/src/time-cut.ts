// The retention cut (`oldestKept`, ClickHouse text as the store gives it) as
// Unix nanoseconds in two 32-bit halves, so a time read as halves
// (span-scan.ts) is judged without a BigInt or a string per record — with
// the answer that comparing its formatted Timestamp with the text gives.
// Pure.

export interface TimeCut {
  readonly high: number
  readonly low: number
}

const CLICKHOUSE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/

/** The cut, or undefined when the text is not a time of that form (the caller compares strings then). */
export function timeCut(oldestKept: string): TimeCut | undefined {
  const match = CLICKHOUSE_TIME.exec(oldestKept)
  if (!match) return undefined
  const [, date, clock, fraction = ''] = match
  const ms = Date.parse(`${date}T${clock}Z`)
  // Not a real instant (2026-02-30, 24:00:00), or before the epoch: leave it to the string comparison.
  if (!(ms >= 0) || new Date(ms).toISOString().slice(0, 19) !== `${date}T${clock}`) return undefined
  // A formatted time has nine digits after the point, the text 0–9. The time sorts before the text exactly when
  // its first digits, as many as the text has, are smaller (an equal start and more digits sorts after): in
  // nanoseconds, when it is below the text's value with its missing digits as zeros.
  const nanos =
    BigInt(ms / 1000) * 1_000_000_000n + BigInt(Number(fraction || '0')) * 10n ** BigInt(9 - fraction.length)
  return { high: Number(nanos >> 32n), low: Number(nanos & 0xffff_ffffn) }
}

/** Whether the time with these halves sorts before the cut. */
export const isBeforeCut = (high: number, low: number, cut: TimeCut): boolean =>
  high < cut.high || (high === cut.high && low < cut.low)
