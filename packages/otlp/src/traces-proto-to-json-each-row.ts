// ExportTraceServiceRequest (protobuf) → the JSONEachRow text of its
// otel_traces rows: what `encodeJsonEachRow(decodeTracesProto())` gives, byte
// for byte (tested, fuzzed), without row objects. Ingest's hot path: row
// objects, their strings and their second walk by JSON.stringify were most of
// its JavaScript time and garbage, and that CPU is taken from the engine's
// insert running beside it (BENCHMARKS.md).
//
// An ordinary span — ids, name, kind, times, status, attributes holding
// strings, booleans, small integers or doubles — is written from its bytes
// (span-scan.ts finds the fields; strings are copied with JSON's escapes, never
// decoded). Anything else — events, links, arrays, maps, bytes, large or
// negative integers, duplicate or numeric keys, a byte-order mark, any
// malformation, principal aliases — goes through the decoder's own readSpan,
// which gives the same text or throws the decoder's own error. A resource's
// and a scope's columns are encoded once per group.
import { DEFAULT_LIMITS, type DecodeLimits } from './decode-error.ts'
import { forEachSpan, newSpanFields, readSpan, type SpanFields } from './decode-traces-proto.ts'
import { createTimestampFormatter, durationNanos } from './format-timestamp.ts'
import { JsonBytes, jsonStringBound } from './json-bytes.ts'
import { aliasPrincipals, type PrincipalAliases } from './principal-aliases.ts'
import type { ResourceInfo, ScopeInfo } from './proto-common.ts'
import type { ProtoReader } from './proto-reader.ts'
import { SPAN_KINDS, STATUS_CODES, spanKindName, statusCodeName } from './rows.ts'
import { SpanScan } from './span-scan.ts'

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
const bytes = (text: string): Buffer => Buffer.from(text)
const KIND_COLUMNS = SPAN_KINDS.map((kind) => bytes(`,"SpanKind":"${kind}"`))
const STATUS_COLUMNS = STATUS_CODES.map((code) => bytes(`,"StatusCode":"${code}","StatusMessage":`))
const UNSPECIFIED_KIND = bytes(`,"SpanKind":"${spanKindName(-1)}"`)
const UNSET_STATUS = bytes(`,"StatusCode":"${statusCodeName(-1)}","StatusMessage":`)
const NO_EVENTS_OR_LINKS = bytes(
  ',"Events.Timestamp":[],"Events.Name":[],"Events.Attributes":[],"Links.TraceId":[],"Links.SpanId":[],"Links.TraceState":[],"Links.Attributes":[]}\n',
)
/** Everything of a span's line but its strings, attributes and the group columns, with room to spare. */
const LINE_OVERHEAD = 512

/** Throws OtlpDecodeError on what decodeTracesProto refuses. */
export function tracesProtoToJsonEachRow(buf: Uint8Array, options: JsonEachRowOptions = {}): EncodedRows {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { aliases, oldestKept } = options
  const aliasing = Boolean(aliases?.user?.length || aliases?.address?.length)
  const time = createTimestampFormatter()
  const out = new JsonBytes(buf.length * 4)
  const scan = new SpanScan(lim)
  const fields = newSpanFields()
  let rows = 0
  let rejected = 0
  let lastResource: ResourceInfo | undefined
  let resourceColumns: Buffer = Buffer.alloc(0)
  let lastScope: ScopeInfo | undefined
  let scopeColumns: Buffer = Buffer.alloc(0)
  forEachSpan(buf, lim, (span, resource, scope) => {
    if (resource !== lastResource) {
      lastResource = resource
      resourceColumns = bytes(
        `,"ServiceName":${json(resource.serviceName)},"ResourceAttributes":${json(resource.attributes)}`,
      )
    }
    if (scope !== lastScope) {
      lastScope = scope
      scopeColumns = bytes(`,"ScopeName":${json(scope.name)},"ScopeVersion":${json(scope.version)}`)
    }
    const kept =
      !aliasing && scan.read(span.buf, span.pos, span.end)
        ? writeScanned(out, scan, time(scan.start), oldestKept, resourceColumns, scopeColumns, span.end - span.pos)
        : writeRead(out, span, fields, lim, time, aliases, oldestKept, resourceColumns, scopeColumns)
    if (kept) rows++
    else rejected++
  })
  return { body: out.take(), rows, rejected }
}

/** An ordinary span from its bytes; false when the retention cut leaves it out. */
function writeScanned(
  out: JsonBytes,
  s: SpanScan,
  timestamp: string,
  oldestKept: string | undefined,
  resourceColumns: Buffer,
  scopeColumns: Buffer,
  spanBytes: number,
): boolean {
  if (oldestKept !== undefined && timestamp < oldestKept) return false
  const src = s.src
  out.ensure(LINE_OVERHEAD + resourceColumns.length + scopeColumns.length + jsonStringBound(spanBytes) + s.valueRoom())
  out.ascii(`{"Timestamp":"${timestamp}","TraceId":"`)
  out.hex(src, s.traceIdStart, s.traceIdEnd)
  out.ascii('","SpanId":"')
  out.hex(src, s.spanIdStart, s.spanIdEnd)
  out.ascii('","ParentSpanId":"')
  out.hex(src, s.parentStart, s.parentEnd)
  out.ascii('","TraceState":')
  out.string(src, s.stateStart, s.stateEnd)
  out.ascii(',"SpanName":')
  out.string(src, s.nameStart, s.nameEnd)
  out.raw(KIND_COLUMNS[s.kind] ?? UNSPECIFIED_KIND)
  out.raw(resourceColumns)
  out.raw(scopeColumns)
  out.ascii(',"SpanAttributes":')
  s.writeAttributes(out)
  out.ascii(`,"Duration":${s.duration()}`)
  out.raw(STATUS_COLUMNS[s.statusCode] ?? UNSET_STATUS)
  out.string(src, s.statusMessageStart, s.statusMessageEnd)
  out.raw(NO_EVENTS_OR_LINKS)
  return true
}

/** Any span, through the decoder's readSpan (its errors are the decoder's); false when the retention cut leaves it out. */
function writeRead(
  out: JsonBytes,
  span: ProtoReader,
  f: SpanFields,
  lim: Required<DecodeLimits>,
  time: (nanos: bigint) => string,
  aliases: PrincipalAliases | undefined,
  oldestKept: string | undefined,
  resourceColumns: Buffer,
  scopeColumns: Buffer,
): boolean {
  readSpan(span, lim, time, f)
  const timestamp = time(f.start)
  if (oldestKept !== undefined && timestamp < oldestKept) return false
  aliasPrincipals(f.attributes, aliases)
  out.text(
    `{"Timestamp":"${timestamp}","TraceId":"${f.traceId}","SpanId":"${f.spanId}","ParentSpanId":"${f.parentSpanId}"` +
      `,"TraceState":${json(f.traceState)},"SpanName":${json(f.name)},"SpanKind":"${spanKindName(f.kind)}"`,
  )
  out.ensure(resourceColumns.length + scopeColumns.length)
  out.raw(resourceColumns)
  out.raw(scopeColumns)
  out.text(
    `,"SpanAttributes":${json(f.attributes)},"Duration":${durationNanos(f.start, f.end)}` +
      `,"StatusCode":"${statusCodeName(f.statusCode)}","StatusMessage":${json(f.statusMessage)}` +
      `,"Events.Timestamp":${list(f.eventTimes)},"Events.Name":${list(f.eventNames)},"Events.Attributes":${list(f.eventAttributes)}` +
      `,"Links.TraceId":${list(f.linkTraceIds)},"Links.SpanId":${list(f.linkSpanIds)},"Links.TraceState":${list(f.linkStates)}` +
      `,"Links.Attributes":${list(f.linkAttributes)}}\n`,
  )
  return true
}

/** Most spans have no events or links. */
const list = (values: readonly unknown[]): string => (values.length === 0 ? '[]' : json(values))
