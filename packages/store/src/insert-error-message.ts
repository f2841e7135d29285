// ClickHouse reports a row that does not fit with a long message; keep the part
// a user acts on (which column, which row, what was expected) in front.
import { InsertError } from './store.ts'

export function toInsertError(table: string, rows: number, cause: unknown): InsertError {
  const raw = cause instanceof Error ? cause.message : String(cause)
  const column = /(?:value of (?:key|field)|column) ['`"]?([A-Za-z0-9_.]+)/.exec(raw)?.[1]
  const unknownField = /Unknown (?:field|JSON field|key)[^'`"]*['`"]([^'`"]+)/.exec(raw)?.[1]
  const row = /at row (\d+)/.exec(raw)?.[1]
  const parts = [`insert of ${rows} rows into ${table} failed; nothing from this batch was written`]
  if (unknownField) parts.push(`column ${unknownField} does not exist in ${table}`)
  else if (column) parts.push(`column ${column}${row ? ` (row ${row})` : ''} got a value that does not fit its type`)
  parts.push(`ClickHouse said: ${raw.split('\n')[0]}`)
  return new InsertError(table, rows, parts.join('. '), { cause })
}
