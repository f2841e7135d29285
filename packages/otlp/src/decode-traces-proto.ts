// ExportTraceServiceRequest (protobuf) → otel_traces rows.
import { DEFAULT_LIMITS, OtlpDecodeError, type DecodeLimits, checkRecordCount } from './decode-error.ts'
import { createTimestampFormatter, durationNanos, type TimestampFormatter } from './format-timestamp.ts'
import { addAttribute, decodeResource, decodeScope, idHex, type ResourceInfo, type ScopeInfo } from './proto-common.ts'
import { ProtoReader, toHex, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'
import { spanKindName, statusCodeName, type Attributes, type SpanRow } from './rows.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN

/** Decodes one OTLP/protobuf ExportTraceServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeTracesProto(buf: Uint8Array, limits: DecodeLimits = {}): SpanRow[] {
  const lim = { ...DEFAULT_LIMITS, ...limits }
  const rows: SpanRow[] = []
  const time = createTimestampFormatter()
  forEachSpan(buf, lim, (span, resource, scope) => {
    const fields = newSpanFields()
    readSpan(span, lim, time, fields)
    rows.push(spanRow(fields, resource, scope, time))
  })
  return rows
}

/**
 * Walks an ExportTraceServiceRequest: every Span message with its resource and
 * scope, in order, after the request-wide span count is checked per scope. The
 * resource and scope objects are shared by their spans (one per group).
 */
export function forEachSpan(
  buf: Uint8Array,
  lim: Required<DecodeLimits>,
  visit: (span: ProtoReader, resource: ResourceInfo, scope: ScopeInfo) => void,
): void {
  let count = 0
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag !== LEN(1)) {
      r.skip(tag & 7)
      continue
    }
    const rs = r.message()
    let resource: ResourceInfo = { attributes: {}, serviceName: '' }
    const scopes: ProtoReader[] = []
    while (rs.pos < rs.end) {
      const rsTag = rs.varint()
      if (rsTag === LEN(1)) resource = decodeResource(rs.message(), lim)
      else if (rsTag === LEN(2))
        scopes.push(rs.message()) // the resource may come after its spans
      else rs.skip(rsTag & 7)
    }
    for (const ss of scopes) {
      let scope: ScopeInfo = { name: '', version: '', attributes: {} }
      const spans: ProtoReader[] = []
      while (ss.pos < ss.end) {
        const ssTag = ss.varint()
        if (ssTag === LEN(1)) scope = decodeScope(ss.message(), lim)
        else if (ssTag === LEN(2)) spans.push(ss.message())
        else ss.skip(ssTag & 7)
      }
      count += spans.length
      checkRecordCount(count, lim, 'spans')
      for (const span of spans) visit(span, resource, scope)
    }
  }
}

/** What one Span message holds, as read; reusable (readSpan resets it). */
export interface SpanFields {
  traceId: string
  spanId: string
  parentSpanId: string
  traceState: string
  name: string
  kind: number
  start: bigint
  end: bigint
  /** A fresh object per span: rows keep it. */
  attributes: Attributes
  statusCode: number
  statusMessage: string
  eventTimes: string[]
  eventNames: string[]
  eventAttributes: Attributes[]
  linkTraceIds: string[]
  linkSpanIds: string[]
  linkStates: string[]
  linkAttributes: Attributes[]
}

export function newSpanFields(): SpanFields {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    start: 0n,
    end: 0n,
    attributes: {},
    statusCode: 0,
    statusMessage: '',
    eventTimes: [],
    eventNames: [],
    eventAttributes: [],
    linkTraceIds: [],
    linkSpanIds: [],
    linkStates: [],
    linkAttributes: [],
  }
}

/** Reads one Span message into `f` (reset first; its arrays are emptied in place). Throws OtlpDecodeError. */
export function readSpan(r: ProtoReader, lim: Required<DecodeLimits>, time: TimestampFormatter, f: SpanFields): void {
  f.traceId = ''
  f.spanId = ''
  f.parentSpanId = ''
  f.traceState = ''
  f.name = ''
  f.kind = 0
  f.start = 0n
  f.end = 0n
  f.attributes = {}
  f.statusCode = 0
  f.statusMessage = ''
  f.eventTimes.length = 0
  f.eventNames.length = 0
  f.eventAttributes.length = 0
  f.linkTraceIds.length = 0
  f.linkSpanIds.length = 0
  f.linkStates.length = 0
  f.linkAttributes.length = 0
  let attributeCount = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    switch (field) {
      case 1:
        if (wire !== WIRE_LEN) break
        f.traceId = idHex(r.bytes(), 16, 'span trace_id', toHex)
        continue
      case 2:
        if (wire !== WIRE_LEN) break
        f.spanId = idHex(r.bytes(), 8, 'span span_id', toHex)
        continue
      case 3:
        if (wire !== WIRE_LEN) break
        f.traceState = r.string()
        continue
      case 4:
        if (wire !== WIRE_LEN) break
        f.parentSpanId = idHex(r.bytes(), 8, 'span parent_span_id', toHex)
        continue
      case 5:
        if (wire !== WIRE_LEN) break
        f.name = r.string()
        continue
      case 6:
        if (wire !== WIRE_VARINT) break
        f.kind = r.varint()
        continue
      case 7:
        if (wire !== WIRE_FIXED64) break
        f.start = r.fixed64()
        continue
      case 8:
        if (wire !== WIRE_FIXED64) break
        f.end = r.fixed64()
        continue
      case 9:
        if (wire !== WIRE_LEN) break
        attributeCount = addAttribute(
          r.message(),
          f.attributes,
          lim,
          attributeCount,
          `span ${f.spanId || '(no id yet)'}`,
        )
        continue
      case 11: {
        if (wire !== WIRE_LEN) break
        if (f.eventNames.length >= lim.maxEventsPerSpan)
          throw new OtlpDecodeError(`span ${f.spanId} has more than ${lim.maxEventsPerSpan} events`)
        const event = decodeEvent(r.message(), lim, time)
        f.eventTimes.push(event.time)
        f.eventNames.push(event.name)
        f.eventAttributes.push(event.attributes)
        continue
      }
      case 13: {
        if (wire !== WIRE_LEN) break
        if (f.linkSpanIds.length >= lim.maxEventsPerSpan)
          throw new OtlpDecodeError(`span ${f.spanId} has more than ${lim.maxEventsPerSpan} links`)
        const link = decodeLink(r.message(), lim)
        f.linkTraceIds.push(link.traceId)
        f.linkSpanIds.push(link.spanId)
        f.linkStates.push(link.traceState)
        f.linkAttributes.push(link.attributes)
        continue
      }
      case 15: {
        if (wire !== WIRE_LEN) break
        const status = r.message()
        while (status.pos < status.end) {
          const statusTag = status.varint()
          if (statusTag === LEN(2)) f.statusMessage = status.string()
          else if (statusTag === ((3 << 3) | WIRE_VARINT)) f.statusCode = status.varint()
          else status.skip(statusTag & 7)
        }
        continue
      }
      case 16:
        if (wire !== WIRE_FIXED32) break
        r.fixed32() // flags: not stored by the exporter
        continue
    }
    r.skip(wire)
  }
  if (f.traceId === '' || f.spanId === '')
    throw new OtlpDecodeError(`span "${f.name}" has no ${f.traceId === '' ? 'trace_id' : 'span_id'}`)
}

/** The row of a span read into fresh fields (the row takes their arrays). */
export function spanRow(f: SpanFields, resource: ResourceInfo, scope: ScopeInfo, time: TimestampFormatter): SpanRow {
  return {
    Timestamp: time(f.start),
    TraceId: f.traceId,
    SpanId: f.spanId,
    ParentSpanId: f.parentSpanId,
    TraceState: f.traceState,
    SpanName: f.name,
    SpanKind: spanKindName(f.kind),
    ServiceName: resource.serviceName,
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: f.attributes,
    Duration: durationNanos(f.start, f.end),
    StatusCode: statusCodeName(f.statusCode),
    StatusMessage: f.statusMessage,
    'Events.Timestamp': f.eventTimes,
    'Events.Name': f.eventNames,
    'Events.Attributes': f.eventAttributes,
    'Links.TraceId': f.linkTraceIds,
    'Links.SpanId': f.linkSpanIds,
    'Links.TraceState': f.linkStates,
    'Links.Attributes': f.linkAttributes,
  }
}

function decodeEvent(
  r: ProtoReader,
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): { time: string; name: string; attributes: Attributes } {
  let at = 0n
  let name = ''
  const attributes: Attributes = {}
  let count = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_FIXED64)) at = r.fixed64()
    else if (tag === LEN(2)) name = r.string()
    else if (tag === LEN(3)) count = addAttribute(r.message(), attributes, lim, count, `event ${name}`)
    else r.skip(tag & 7)
  }
  return { time: time(at), name, attributes }
}

function decodeLink(
  r: ProtoReader,
  lim: Required<DecodeLimits>,
): { traceId: string; spanId: string; traceState: string; attributes: Attributes } {
  const link = { traceId: '', spanId: '', traceState: '', attributes: {} as Attributes }
  let count = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) link.traceId = idHex(r.bytes(), 16, 'link trace_id', toHex)
    else if (tag === LEN(2)) link.spanId = idHex(r.bytes(), 8, 'link span_id', toHex)
    else if (tag === LEN(3)) link.traceState = r.string()
    else if (tag === LEN(4)) count = addAttribute(r.message(), link.attributes, lim, count, 'a link')
    else r.skip(tag & 7)
  }
  return link
}
