// ClickHouse reports a row that does not fit with a long message; keep the part
// a user acts on (which column, which row, what was expected) in front, and
// classify the failure: bad data never succeeds on retry, an overloaded or
// unreachable server may.
import { InsertError } from './store.ts'

/** ClickHouse error types that mean the data itself is wrong: retrying cannot help. */
const DATA_ERRORS =
  /^(CANNOT_PARSE\w*|INCORRECT_DATA|TYPE_MISMATCH|CANNOT_READ\w*|ILLEGAL_COLUMN|NO_SUCH_COLUMN_IN_TABLE|THERE_IS_NO_COLUMN|UNKNOWN_TABLE|SYNTAX_ERROR|TOO_LARGE_STRING_SIZE|VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE|ATTEMPT_TO_READ_AFTER_EOF)$/

function errorType(cause: unknown, raw: string): string | undefined {
  const typed = (cause as { type?: unknown } | null)?.type
  if (typeof typed === 'string' && typed) return typed
  return /\(([A-Z][A-Z_]{3,})\)\s*$/m.exec(raw)?.[1]
}

export function toInsertError(table: string, rows: number, cause: unknown): InsertError {
  const raw = cause instanceof Error ? cause.message : String(cause)
  const type = errorType(cause, raw)
  const column = /(?:value of (?:key|field)|column) ['`"]?([A-Za-z0-9_.]+)/.exec(raw)?.[1]
  const unknownField = /Unknown (?:field|JSON field|key)[^:]*: ['`"]?([A-Za-z0-9_.]+)/.exec(raw)?.[1]
  const row = /at row (\d+)/.exec(raw)?.[1]
  const parts = [`insert of ${rows} rows into ${table} failed; nothing from this batch was written`]
  if (unknownField) parts.push(`column ${unknownField} does not exist in ${table}`)
  else if (column) parts.push(`column ${column}${row ? ` (row ${row})` : ''} got a value that does not fit its type`)
  parts.push(`ClickHouse said: ${raw.split('\n')[0]?.trim()}${type && !raw.includes(type) ? ` (${type})` : ''}`)
  const retriable = !(type !== undefined && DATA_ERRORS.test(type)) && !unknownField && !column
  return new InsertError(table, rows, parts.join('. '), retriable, { cause })
}
