// ExportTraceServiceRequest (protobuf) → the otel_traces columns of its spans
// in ClickHouse's Native layout, one part per message (native/span-columns.ts;
// a chunk of parts becomes one block with spanColumnsToNative). The engine
// spends a quarter less on a Native insert than on the same rows as
// JSONEachRow (BENCHMARKS.md, ingest), and ingest is bound by the engine.
// Same walk and same fallbacks as traces-proto-to-json-each-row.ts: an
// ordinary span from its bytes, anything else through the decoder's readSpan
// (whose errors are the decoder's).
import { DEFAULT_LIMITS } from './decode-error.ts'
import { forEachSpan, newSpanFields, readSpan, spanRow } from './decode-traces-proto.ts'
import { createTimestampFormatter } from './format-timestamp.ts'
import { groupValues, SpanColumns, type GroupValues } from './native/span-columns.ts'
import { aliasPrincipals } from './principal-aliases.ts'
import type { ResourceInfo, ScopeInfo } from './proto-common.ts'
import { SpanScan } from './span-scan.ts'
import type { JsonEachRowOptions } from './traces-proto-to-json-each-row.ts'

export interface NativeSpans {
  readonly columns: SpanColumns
  readonly rows: number
  /** Spans left out by `oldestKept`. */
  readonly rejected: number
}

/** Throws OtlpDecodeError on what decodeTracesProto refuses. */
export function tracesProtoToNative(buf: Uint8Array, options: JsonEachRowOptions = {}): NativeSpans {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { aliases, oldestKept } = options
  const aliasing = Boolean(aliases?.user?.length || aliases?.address?.length)
  const time = createTimestampFormatter()
  const columns = new SpanColumns(buf.length)
  const scan = new SpanScan(lim)
  let rejected = 0
  let lastResource: ResourceInfo | undefined
  let lastScope: ScopeInfo | undefined
  let group: GroupValues | undefined
  forEachSpan(buf, lim, (span, resource, scope) => {
    if (resource !== lastResource || scope !== lastScope || group === undefined) {
      lastResource = resource
      lastScope = scope
      group = groupValues(resource, scope)
    }
    if (!aliasing && scan.read(span.buf, span.pos, span.end)) {
      // The formatter refuses a time past DateTime64(9)'s range with the decoder's error.
      if (oldestKept !== undefined || scan.startHigh >= 0x8000_0000) {
        const timestamp = time(scan.start)
        if (oldestKept !== undefined && timestamp < oldestKept) {
          rejected++
          return
        }
      }
      columns.addScanned(scan, group)
      return
    }
    const fields = newSpanFields()
    readSpan(span, lim, time, fields)
    const row = spanRow(fields, resource, scope, time)
    if (oldestKept !== undefined && row.Timestamp < oldestKept) {
      rejected++
      return
    }
    aliasPrincipals(row.SpanAttributes, aliases)
    columns.addRow(row)
  })
  return { columns, rows: columns.rows, rejected }
}
