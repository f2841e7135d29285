// Splits an OTLP/protobuf ExportTraceServiceRequest into one request per
// trace, copying the resource, scope and span bytes as they are (no
// re-encoding): what the Collector's kafka exporter does with
// `partition_traces_by_id`, so each Kafka message is keyed by its trace id and
// a trace's spans share a partition.
import { ProtoReader, toHex, WIRE_LEN } from './proto-reader.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN

/** A non-negative integer as protobuf varint bytes. */
export function varintBytes(value: number): number[] {
  const out: number[] = []
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80)
    value = Math.floor(value / 128)
  }
  out.push(value)
  return out
}

/** A length-delimited field: tag, length, then the parts. */
function field(fieldNumber: number, parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0)
  const head = Uint8Array.from([...varintBytes(LEN(fieldNumber)), ...varintBytes(length)])
  const out = new Uint8Array(head.length + length)
  out.set(head, 0)
  let at = head.length
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** The trace id of a Span message, without decoding the rest. */
function spanTraceId(span: ProtoReader): string {
  while (span.pos < span.end) {
    const tag = span.varint()
    if (tag === LEN(1)) return toHex(span.bytes())
    span.skip(tag & 7)
  }
  return ''
}

export interface TraceMessage {
  /** Lowercase hex trace id ('' for spans without one). */
  readonly traceId: string
  /** An ExportTraceServiceRequest holding only this trace's spans. */
  readonly message: Uint8Array
  readonly spans: number
}

/** Assumes `buf` already passed decodeTracesProto (well-formed). */
export function splitTracesProtoByTrace(buf: Uint8Array): TraceMessage[] {
  // trace id → resource index → scope index → span byte ranges
  const traces = new Map<string, Map<number, Map<number, Uint8Array[]>>>()
  const resources: { head: Uint8Array[]; scopes: Uint8Array[][] }[] = []
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag !== LEN(1)) {
      r.skip(tag & 7)
      continue
    }
    const rs = r.message()
    const resourceIndex = resources.length
    const resource = { head: [] as Uint8Array[], scopes: [] as Uint8Array[][] }
    resources.push(resource)
    while (rs.pos < rs.end) {
      const fieldStart = rs.pos
      const rsTag = rs.varint()
      if (rsTag !== LEN(2)) {
        rs.skip(rsTag & 7)
        resource.head.push(buf.subarray(fieldStart, rs.pos)) // resource, schema_url: copied verbatim
        continue
      }
      const ss = rs.message()
      const scopeIndex = resource.scopes.length
      const scopeHead: Uint8Array[] = []
      resource.scopes.push(scopeHead)
      while (ss.pos < ss.end) {
        const ssFieldStart = ss.pos
        const ssTag = ss.varint()
        if (ssTag !== LEN(2)) {
          ss.skip(ssTag & 7)
          scopeHead.push(buf.subarray(ssFieldStart, ss.pos)) // scope, schema_url
          continue
        }
        const [start, end] = ss.span()
        const traceId = spanTraceId(new ProtoReader(buf, start, end))
        const byResource = traces.get(traceId) ?? new Map<number, Map<number, Uint8Array[]>>()
        traces.set(traceId, byResource)
        const byScope = byResource.get(resourceIndex) ?? new Map<number, Uint8Array[]>()
        byResource.set(resourceIndex, byScope)
        const spans = byScope.get(scopeIndex) ?? []
        byScope.set(scopeIndex, spans)
        spans.push(buf.subarray(start, end))
      }
    }
  }
  const out: TraceMessage[] = []
  for (const [traceId, byResource] of traces) {
    let spanCount = 0
    const resourceFields: Uint8Array[] = []
    for (const [resourceIndex, byScope] of byResource) {
      const resource = resources[resourceIndex]!
      const scopeFields: Uint8Array[] = []
      for (const [scopeIndex, spans] of byScope) {
        spanCount += spans.length
        scopeFields.push(field(2, [...resource.scopes[scopeIndex]!, ...spans.map((span) => field(2, [span]))]))
      }
      resourceFields.push(field(1, [...resource.head, ...scopeFields]))
    }
    const message = new Uint8Array(resourceFields.reduce((n, f) => n + f.length, 0))
    let at = 0
    for (const f of resourceFields) {
      message.set(f, at)
      at += f.length
    }
    out.push({ traceId, message, spans: spanCount })
  }
  return out
}
