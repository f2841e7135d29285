// ExportTraceServiceRequest (protobuf) → the JSONEachRow text of its
// otel_traces rows, in one pass: what `encodeJsonEachRow(decodeTracesProto())`
// gives, byte for byte (tested), without a row object per span. Ingest's hot
// path: row objects and their second walk by JSON.stringify were most of its
// JavaScript time and garbage, and that CPU is taken from the engine's insert
// running beside it (BENCHMARKS.md). A resource's and a scope's columns are
// encoded once per group, not once per span. Principal aliases and the
// retention cut apply here as they do to rows.
import { DEFAULT_LIMITS, type DecodeLimits } from './decode-error.ts'
import { forEachSpan, newSpanFields, readSpan } from './decode-traces-proto.ts'
import { createTimestampFormatter, durationNanos } from './format-timestamp.ts'
import { aliasPrincipals, type PrincipalAliases } from './principal-aliases.ts'
import type { ResourceInfo, ScopeInfo } from './proto-common.ts'
import { spanKindName, statusCodeName } from './rows.ts'

export interface JsonEachRowOptions {
  limits?: DecodeLimits
  aliases?: PrincipalAliases | undefined
  /** Spans that started before this (a DateTime64(9) text, UTC) are left out and counted. */
  oldestKept?: string | undefined
}

export interface EncodedRows {
  /** JSONEachRow: one object per line, each line ending in a newline. */
  readonly body: Buffer
  readonly rows: number
  /** Spans left out by `oldestKept`. */
  readonly rejected: number
}

const json = JSON.stringify

/** Throws OtlpDecodeError on what decodeTracesProto refuses. */
export function tracesProtoToJsonEachRow(buf: Uint8Array, options: JsonEachRowOptions = {}): EncodedRows {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { aliases, oldestKept } = options
  const time = createTimestampFormatter()
  const f = newSpanFields()
  let out = ''
  let rows = 0
  let rejected = 0
  let lastResource: ResourceInfo | undefined
  let resourceColumns = ''
  let lastScope: ScopeInfo | undefined
  let scopeColumns = ''
  forEachSpan(buf, lim, (span, resource, scope) => {
    readSpan(span, lim, time, f)
    const timestamp = time(f.start)
    if (oldestKept !== undefined && timestamp < oldestKept) {
      rejected++
      return
    }
    if (resource !== lastResource) {
      lastResource = resource
      resourceColumns = `,"ServiceName":${json(resource.serviceName)},"ResourceAttributes":${json(resource.attributes)}`
    }
    if (scope !== lastScope) {
      lastScope = scope
      scopeColumns = `,"ScopeName":${json(scope.name)},"ScopeVersion":${json(scope.version)}`
    }
    aliasPrincipals(f.attributes, aliases)
    // The columns in SpanRow's order, as JSON.stringify would write the row.
    out +=
      `{"Timestamp":"${timestamp}","TraceId":"${f.traceId}","SpanId":"${f.spanId}","ParentSpanId":"${f.parentSpanId}"` +
      `,"TraceState":${json(f.traceState)},"SpanName":${json(f.name)},"SpanKind":"${spanKindName(f.kind)}"` +
      resourceColumns +
      scopeColumns +
      `,"SpanAttributes":${json(f.attributes)},"Duration":${durationNanos(f.start, f.end)}` +
      `,"StatusCode":"${statusCodeName(f.statusCode)}","StatusMessage":${json(f.statusMessage)}` +
      `,"Events.Timestamp":${list(f.eventTimes)},"Events.Name":${list(f.eventNames)},"Events.Attributes":${list(f.eventAttributes)}` +
      `,"Links.TraceId":${list(f.linkTraceIds)},"Links.SpanId":${list(f.linkSpanIds)},"Links.TraceState":${list(f.linkStates)}` +
      `,"Links.Attributes":${list(f.linkAttributes)}}\n`
    rows++
  })
  return { body: Buffer.from(out), rows, rejected }
}

/** Most spans have no events or links. */
const list = (values: readonly unknown[]): string => (values.length === 0 ? '[]' : json(values))
