// ExportLogsServiceRequest (protobuf) → the otel_logs columns of its records
// in ClickHouse's Native layout, one part per message (native/log-columns.ts;
// a chunk of parts becomes one block with logColumnsToNative). Same walk and
// fallbacks as logs-proto-to-json-each-row.ts: an ordinary record from its
// bytes, anything else through the decoder (whose errors are the decoder's).
import { DEFAULT_LIMITS } from './decode-error.ts'
import { decodeLogRecord, forEachLogRecord, type LogGroup } from './decode-logs-proto.ts'
import { createTimestampFormatter, MAX_DATETIME64_9_NANOS } from './format-timestamp.ts'
import { LogScan } from './log-scan.ts'
import { LogColumns, logGroupValues, type LogGroupValues } from './native/log-columns.ts'
import type { JsonEachRowOptions } from './traces-proto-to-json-each-row.ts'

export interface NativeLogs {
  readonly columns: LogColumns
  readonly rows: number
  /** Records left out by `oldestKept`. */
  readonly rejected: number
}

/** Throws OtlpDecodeError on what decodeLogsProto refuses. `aliases` do not apply to logs. */
export function logsProtoToNative(buf: Uint8Array, options: Omit<JsonEachRowOptions, 'aliases'> = {}): NativeLogs {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { oldestKept } = options
  const time = createTimestampFormatter()
  const columns = new LogColumns(buf.length)
  const scan = new LogScan(lim)
  let rejected = 0
  let lastGroup: LogGroup | undefined
  let group: LogGroupValues | undefined
  forEachLogRecord(buf, lim, (record, recordGroup) => {
    if (recordGroup !== lastGroup || group === undefined) {
      lastGroup = recordGroup
      group = logGroupValues(recordGroup)
    }
    if (!scan.read(record.buf, record.pos, record.end)) {
      const row = decodeLogRecord(record, recordGroup, lim, time)
      if (oldestKept !== undefined && row.Timestamp < oldestKept) rejected++
      else columns.addRow(row)
      return
    }
    // The exporter falls back to the observed time when the record has none.
    const nanos = scan.time !== 0n ? scan.time : scan.observed
    // The formatter refuses a time past DateTime64(9)'s range with the decoder's error.
    if (oldestKept !== undefined || nanos > MAX_DATETIME64_9_NANOS) {
      const timestamp = time(nanos)
      if (oldestKept !== undefined && timestamp < oldestKept) {
        rejected++
        return
      }
    }
    columns.addScanned(scan, nanos, group)
  })
  return { columns, rows: columns.rows, rejected }
}
