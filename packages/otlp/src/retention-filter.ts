// Records older than the store keeps are not stored (the TTL would delete
// them at once) — and never dropped silently: callers report the count
// (OTLP partial_success, metrics, logs). Shared by the gateway (HTTP and
// gRPC) and ingest. Pure; the rows come back untouched when none is old.

export interface RetentionSplit<T> {
  kept: readonly T[]
  rejected: number
}

/** `oldestKept`: ClickHouse text, compared as a string with each row's Timestamp (same format). */
export function withinRetention<T extends { Timestamp: string }>(
  rows: readonly T[],
  oldestKept: string | undefined,
): RetentionSplit<T> {
  if (oldestKept === undefined || !rows.some((r) => r.Timestamp < oldestKept)) return { kept: rows, rejected: 0 }
  const kept = rows.filter((r) => r.Timestamp >= oldestKept)
  return { kept, rejected: rows.length - kept.length }
}

export const retentionMessage = (rejected: number, what: string, oldestKept: string): string =>
  `${rejected} ${what} older than the store keeps (before ${oldestKept.slice(0, 19)} UTC) were not stored: they would be deleted at once. Check the sender's clock, or raise the store's retention to load old data.`
