// `tracehound replay`: OTLP JSON lines (one ExportTraceServiceRequest or
// ExportLogsServiceRequest per line, `.gz` accepted) into the store. Every file
// is validated completely before anything is written, so a bad line changes
// nothing; batches carry content-derived deduplication tokens, so replaying
// the same file twice does not store it twice.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import {
  applyPrincipalAliases,
  decodeLogsJson,
  decodeTracesJson,
  OtlpDecodeError,
  type DecodeLimits,
  type LogRow,
  type PrincipalAliases,
  type SpanRow,
} from '@tracehound/otlp'
import type { Store } from '@tracehound/store'

export interface ReplayOptions {
  /** Rows per insert. @default 50_000 */
  batchRows?: number
  decodeLimits?: DecodeLimits
  /** Keys read as the standard principal attributes (`detect.principals`). @default none */
  principalAliases?: PrincipalAliases
  /**
   * The oldest Timestamp (ClickHouse text) the store keeps (`oldestKept` of
   * its retention): a file holding older records is refused before anything
   * is stored — they would be deleted at once. @default no check
   */
  oldestKept?: string
  /** The store's retention in days, for the refusal's message. */
  retentionDays?: number
  /** Called as rows are stored: done and total rows over all files. */
  onProgress?: (done: number, total: number) => void
}

export interface ReplayReport {
  readonly spans: number
  readonly logs: number
  readonly lines: number
}

export class ReplayInputError extends Error {
  override name = 'ReplayInputError'
}

type Decoded = { table: 'otel_traces'; rows: SpanRow[] } | { table: 'otel_logs'; rows: LogRow[] }

/** A line is logs when its first key is resourceLogs (or it has no spans but logs); otherwise traces. */
function decodeLine(line: string, limits: DecodeLimits): Decoded {
  if (/^\s*\{\s*"resourceLogs"/.test(line)) return { table: 'otel_logs', rows: decodeLogsJson(line, limits) }
  const spans = decodeTracesJson(line, limits)
  if (spans.length === 0 && line.includes('"resourceLogs"'))
    return { table: 'otel_logs', rows: decodeLogsJson(line, limits) }
  return { table: 'otel_traces', rows: spans }
}

async function* lines(file: string): AsyncGenerator<[number, string]> {
  const input = createReadStream(file)
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input
  let n = 0
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      n++
      if (line.trim() !== '') yield [n, line]
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ReplayInputError(`${file}: no such file`)
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      throw new ReplayInputError(
        `${file}: not a valid gzip file (${(err as Error).message}); pass uncompressed files without the .gz suffix`,
      )
    throw err
  }
}

/** Pass 1: every line decodes; returns the row count for the progress total, and the records older than `oldestKept`. */
async function validate(
  files: readonly string[],
  limits: DecodeLimits,
  oldestKept: string | undefined,
): Promise<{ rows: number; lines: number; tooOld: number; oldest: string | undefined }> {
  let rows = 0
  let count = 0
  let tooOld = 0
  let oldest: string | undefined
  for (const file of files) {
    for await (const [n, line] of lines(file)) {
      try {
        const decoded = decodeLine(line, limits)
        rows += decoded.rows.length
        if (oldestKept !== undefined)
          for (const row of decoded.rows) {
            if (row.Timestamp >= oldestKept) continue
            tooOld++
            if (oldest === undefined || row.Timestamp < oldest) oldest = row.Timestamp
          }
        count++
      } catch (err) {
        if (err instanceof OtlpDecodeError) {
          throw new ReplayInputError(
            `${file}:${n}: ${err.message}. Each line must be one OTLP/JSON ExportTraceServiceRequest or ExportLogsServiceRequest; nothing was stored.`,
          )
        }
        throw err
      }
    }
  }
  return { rows, lines: count, tooOld, oldest }
}

export async function replayFiles(
  store: Store,
  files: readonly string[],
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  if (files.length === 0)
    throw new ReplayInputError('no files given: pass one or more OTLP JSON lines files (.jsonl, .json or .gz)')
  const limits = options.decodeLimits ?? {}
  const batchRows = options.batchRows ?? 50_000
  const { rows: total, lines: lineCount, tooOld, oldest } = await validate(files, limits, options.oldestKept)
  if (tooOld > 0) {
    throw new ReplayInputError(
      `${tooOld} of ${total} records are older than the store keeps (${options.retentionDays ?? '?'}-day retention; the oldest is ${oldest?.slice(0, 19)} UTC): they would be deleted as soon as they are stored. Nothing was stored. To load an old capture, pass --retention-days with at least its age in days (it sets the store's retention).`,
    )
  }
  const stored = { otel_traces: 0, otel_logs: 0 }
  const pending: { otel_traces: object[]; otel_logs: object[] } = { otel_traces: [], otel_logs: [] }
  const hashes = { otel_traces: createHash('sha256'), otel_logs: createHash('sha256') }
  options.onProgress?.(0, total)

  const flush = async (table: 'otel_traces' | 'otel_logs'): Promise<void> => {
    const rows = pending[table]
    if (rows.length === 0) return
    // Content-derived token: the same lines replayed again are deduplicated.
    await store.insert(table, rows, { dedupToken: `replay/${table}/${hashes[table].digest('hex')}` })
    stored[table] += rows.length
    pending[table] = []
    hashes[table] = createHash('sha256')
    options.onProgress?.(stored.otel_traces + stored.otel_logs, total)
  }

  for (const file of files) {
    for await (const [, line] of lines(file)) {
      const decoded = decodeLine(line, limits)
      if (decoded.table === 'otel_traces') applyPrincipalAliases(decoded.rows, options.principalAliases)
      for (const row of decoded.rows) pending[decoded.table].push(row)
      hashes[decoded.table].update(line).update('\n')
      if (pending[decoded.table].length >= batchRows) await flush(decoded.table)
    }
  }
  await flush('otel_traces')
  await flush('otel_logs')
  return { spans: stored.otel_traces, logs: stored.otel_logs, lines: lineCount }
}
