// Records older than the store keeps are not stored (the TTL would delete
// them at once) — and never dropped silently: the count goes back to the
// client as OTLP partial_success and into /metrics.

export interface RetentionSplit<T> {
  kept: T[]
  rejected: number
}

export function withinRetention<T extends { Timestamp: string }>(
  rows: readonly T[],
  oldestKept: string | undefined,
): RetentionSplit<T> {
  if (oldestKept === undefined) return { kept: rows as T[], rejected: 0 }
  const kept = rows.filter((r) => r.Timestamp >= oldestKept)
  return { kept, rejected: rows.length - kept.length }
}

export const retentionMessage = (rejected: number, what: string, oldestKept: string): string =>
  `${rejected} ${what} older than the store keeps (before ${oldestKept.slice(0, 19)} UTC) were not stored: they would be deleted at once. Check the sender's clock, or raise the store's retention to load old data.`
