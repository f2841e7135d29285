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
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) decodeResourceSpans(r.message(), rows, lim, time)
    else r.skip(tag & 7)
  }
  return rows
}

function decodeResourceSpans(
  r: ProtoReader,
  rows: SpanRow[],
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): void {
  let resource: ResourceInfo = { attributes: {}, serviceName: '' }
  const scopes: ProtoReader[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) resource = decodeResource(r.message(), lim)
    else if (tag === LEN(2))
      scopes.push(r.message()) // the resource may come after its spans
    else r.skip(tag & 7)
  }
  for (const scopeSpans of scopes) decodeScopeSpans(scopeSpans, resource, rows, lim, time)
}

function decodeScopeSpans(
  r: ProtoReader,
  resource: ResourceInfo,
  rows: SpanRow[],
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): void {
  let scope: ScopeInfo = { name: '', version: '', attributes: {} }
  const spans: ProtoReader[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) scope = decodeScope(r.message(), lim)
    else if (tag === LEN(2)) spans.push(r.message())
    else r.skip(tag & 7)
  }
  checkRecordCount(rows.length + spans.length, lim, 'spans')
  for (const span of spans) rows.push(decodeSpan(span, resource, scope, lim, time))
}

function decodeSpan(
  r: ProtoReader,
  resource: ResourceInfo,
  scope: ScopeInfo,
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): SpanRow {
  let traceId = ''
  let spanId = ''
  let parentSpanId = ''
  let traceState = ''
  let name = ''
  let kind = 0
  let start = 0n
  let end = 0n
  const attributes: Attributes = {}
  let attributeCount = 0
  let statusCode = 0
  let statusMessage = ''
  const eventTimes: string[] = []
  const eventNames: string[] = []
  const eventAttributes: Attributes[] = []
  const linkTraceIds: string[] = []
  const linkSpanIds: string[] = []
  const linkStates: string[] = []
  const linkAttributes: Attributes[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    switch (field) {
      case 1:
        if (wire !== WIRE_LEN) break
        traceId = idHex(r.bytes(), 16, 'span trace_id', toHex)
        continue
      case 2:
        if (wire !== WIRE_LEN) break
        spanId = idHex(r.bytes(), 8, 'span span_id', toHex)
        continue
      case 3:
        if (wire !== WIRE_LEN) break
        traceState = r.string()
        continue
      case 4:
        if (wire !== WIRE_LEN) break
        parentSpanId = idHex(r.bytes(), 8, 'span parent_span_id', toHex)
        continue
      case 5:
        if (wire !== WIRE_LEN) break
        name = r.string()
        continue
      case 6:
        if (wire !== WIRE_VARINT) break
        kind = r.varint()
        continue
      case 7:
        if (wire !== WIRE_FIXED64) break
        start = r.fixed64()
        continue
      case 8:
        if (wire !== WIRE_FIXED64) break
        end = r.fixed64()
        continue
      case 9:
        if (wire !== WIRE_LEN) break
        attributeCount = addAttribute(r.message(), attributes, lim, attributeCount, `span ${spanId || '(no id yet)'}`)
        continue
      case 11: {
        if (wire !== WIRE_LEN) break
        if (eventNames.length >= lim.maxEventsPerSpan)
          throw new OtlpDecodeError(`span ${spanId} has more than ${lim.maxEventsPerSpan} events`)
        const event = decodeEvent(r.message(), lim, time)
        eventTimes.push(event.time)
        eventNames.push(event.name)
        eventAttributes.push(event.attributes)
        continue
      }
      case 13: {
        if (wire !== WIRE_LEN) break
        if (linkSpanIds.length >= lim.maxEventsPerSpan)
          throw new OtlpDecodeError(`span ${spanId} has more than ${lim.maxEventsPerSpan} links`)
        const link = decodeLink(r.message(), lim)
        linkTraceIds.push(link.traceId)
        linkSpanIds.push(link.spanId)
        linkStates.push(link.traceState)
        linkAttributes.push(link.attributes)
        continue
      }
      case 15: {
        if (wire !== WIRE_LEN) break
        const status = r.message()
        while (status.pos < status.end) {
          const statusTag = status.varint()
          if (statusTag === LEN(2)) statusMessage = status.string()
          else if (statusTag === ((3 << 3) | WIRE_VARINT)) statusCode = status.varint()
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
  if (traceId === '' || spanId === '')
    throw new OtlpDecodeError(`span "${name}" has no ${traceId === '' ? 'trace_id' : 'span_id'}`)
  return {
    Timestamp: time(start),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: parentSpanId,
    TraceState: traceState,
    SpanName: name,
    SpanKind: spanKindName(kind),
    ServiceName: resource.serviceName,
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: attributes,
    Duration: durationNanos(start, end),
    StatusCode: statusCodeName(statusCode),
    StatusMessage: statusMessage,
    'Events.Timestamp': eventTimes,
    'Events.Name': eventNames,
    'Events.Attributes': eventAttributes,
    'Links.TraceId': linkTraceIds,
    'Links.SpanId': linkSpanIds,
    'Links.TraceState': linkStates,
    'Links.Attributes': linkAttributes,
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
