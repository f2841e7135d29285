// Checks an ExportTraceServiceRequest / ExportLogsServiceRequest (protobuf)
// as the decoder would — the same refusals, with the same messages — and
// counts its records, without building rows: what a gateway that forwards the
// bytes as they are needs. Ordinary records are checked in place
// (span-scan.ts, log-scan.ts: no strings, no objects); anything else by the
// decoder's own code.
import { DEFAULT_LIMITS, type DecodeLimits } from './decode-error.ts'
import { decodeLogRecord, forEachLogRecord } from './decode-logs-proto.ts'
import { forEachSpan, newSpanFields, readSpan } from './decode-traces-proto.ts'
import { LogScan } from './log-scan.ts'
import { createTimestampFormatter } from './format-timestamp.ts'
import { SpanScan } from './span-scan.ts'

export interface CheckedRecords {
  /** Records at or after `oldestKept` (all of them without it). */
  readonly kept: number
  /** Records from before `oldestKept`. */
  readonly rejected: number
}

/** Throws OtlpDecodeError on what decodeTracesProto refuses. */
export function checkTracesProto(
  buf: Uint8Array,
  options: { limits?: DecodeLimits; oldestKept?: string | undefined } = {},
): CheckedRecords {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { oldestKept } = options
  const time = createTimestampFormatter()
  const scan = new SpanScan(lim)
  const fields = newSpanFields()
  let kept = 0
  let rejected = 0
  forEachSpan(buf, lim, (span) => {
    let start: bigint
    if (scan.read(span.buf, span.pos, span.end)) start = scan.start
    else {
      readSpan(span, lim, time, fields)
      start = fields.start
    }
    // Formatting the time also refuses one the store cannot hold, as the decoder does.
    const timestamp = time(start)
    if (oldestKept !== undefined && timestamp < oldestKept) rejected++
    else kept++
  })
  return { kept, rejected }
}

/** Throws OtlpDecodeError on what decodeLogsProto refuses. */
export function checkLogsProto(
  buf: Uint8Array,
  options: { limits?: DecodeLimits; oldestKept?: string | undefined } = {},
): CheckedRecords {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { oldestKept } = options
  const time = createTimestampFormatter()
  const scan = new LogScan(lim)
  let kept = 0
  let rejected = 0
  forEachLogRecord(buf, lim, (record, group) => {
    // Formatting the time also refuses one the store cannot hold, as the decoder does.
    const timestamp = scan.read(record.buf, record.pos, record.end)
      ? time(scan.time !== 0n ? scan.time : scan.observed)
      : decodeLogRecord(record, group, lim, time).Timestamp
    if (oldestKept !== undefined && timestamp < oldestKept) rejected++
    else kept++
  })
  return { kept, rejected }
}
