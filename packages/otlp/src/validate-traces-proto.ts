// Checks an ExportTraceServiceRequest (protobuf) as decodeTracesProto would —
// the same refusals, with the same messages — and counts its spans, without
// building rows: what a gateway that forwards the bytes as they are needs.
// Ordinary spans are checked by span-scan.ts (no strings, no objects);
// anything else by the decoder's own readSpan.
import { DEFAULT_LIMITS, type DecodeLimits } from './decode-error.ts'
import { forEachSpan, newSpanFields, readSpan } from './decode-traces-proto.ts'
import { createTimestampFormatter } from './format-timestamp.ts'
import { SpanScan } from './span-scan.ts'

export interface CheckedSpans {
  /** Spans at or after `oldestKept` (all of them without it). */
  readonly kept: number
  /** Spans that started before `oldestKept`. */
  readonly rejected: number
}

/** Throws OtlpDecodeError on what decodeTracesProto refuses. */
export function checkTracesProto(
  buf: Uint8Array,
  options: { limits?: DecodeLimits; oldestKept?: string | undefined } = {},
): CheckedSpans {
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
