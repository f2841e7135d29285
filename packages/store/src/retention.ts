// How long the store keeps spans, read from the table itself (the TTL the
// last migrate set), and the oldest span time it can still hold. A span
// older than that would be deleted at once by the TTL — and the empty part
// it leaves can fail queries for a while — so writers refuse it and say so.
import { toClickHouseTime } from './clickhouse-time.ts'
import type { Store } from './store.ts'

/** Days `table` keeps its rows, from its TTL clause; undefined when it has none (or does not exist). */
export async function readRetentionDays(store: Store, table = 'otel_traces'): Promise<number | undefined> {
  const [row] = await store.query<{ engine_full: string }>(
    'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    { table },
  )
  const days = /toIntervalDay\((\d+)\)/.exec(row?.engine_full ?? '')?.[1]
  return days === undefined ? undefined : Number(days)
}

/**
 * The oldest `Timestamp` (ClickHouse text, comparable as a string with
 * span rows' Timestamp) a table with this retention still keeps at `nowMs`,
 * with an hour's margin so a row is not deleted by the next merge.
 */
export function oldestKept(retentionDays: number, nowMs = Date.now()): string {
  return toClickHouseTime(nowMs - retentionDays * 86_400_000 + 3_600_000)
}
