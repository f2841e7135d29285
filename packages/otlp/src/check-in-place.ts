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
import { isBeforeCut, timeCut } from './time-cut.ts'

/** Times from 2^63 ns on are refused by the formatter (after DateTime64(9)'s last instant): high half above this. */
const MAX_HIGH = 0x7fff_ffff

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
  const cut = oldestKept === undefined ? undefined : timeCut(oldestKept)
  let kept = 0
  let rejected = 0
  forEachSpan(buf, lim, (span) => {
    if (scan.read(span.buf, span.pos, span.end)) {
      // The time is judged by its halves: a time the store cannot hold goes to the formatter for its refusal.
      if (scan.startHigh > MAX_HIGH) time(scan.start)
      if (oldestKept === undefined) kept++
      else if (cut !== undefined) {
        if (isBeforeCut(scan.startHigh, scan.startLow, cut)) rejected++
        else kept++
      } else if (time(scan.start) < oldestKept) rejected++
      else kept++
      return
    }
    readSpan(span, lim, time, fields)
    // Formatting the time also refuses one the store cannot hold, as the decoder does.
    const timestamp = time(fields.start)
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
