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

/** Bytes of a varint. */
const varintSize = (value: number): number =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5

/** Bytes of a length-delimited field (tag < 128) holding `length` bytes. */
const fieldSize = (length: number): number => 1 + varintSize(length) + length

/** Writes a length-delimited field's tag and length at `at`; returns the position after them. */
function writeHead(out: Uint8Array, at: number, fieldNumber: number, length: number): number {
  out[at++] = LEN(fieldNumber)
  let v = length
  while (v > 0x7f) {
    out[at++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  out[at++] = v
  return at
}

const sum = (parts: readonly Uint8Array[]): number => parts.reduce((n, p) => n + p.length, 0)

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
  // One buffer per trace, sized first and written once: no intermediate arrays or copies per field.
  const out: TraceMessage[] = []
  for (const [traceId, byResource] of traces) {
    let spanCount = 0
    let total = 0
    const plan: {
      head: Uint8Array[]
      length: number
      scopes: { head: Uint8Array[]; length: number; spans: Uint8Array[] }[]
    }[] = []
    for (const [resourceIndex, byScope] of byResource) {
      const resource = resources[resourceIndex]!
      const scopes = [...byScope].map(([scopeIndex, spans]) => {
        spanCount += spans.length
        const head = resource.scopes[scopeIndex]!
        return { head, spans, length: sum(head) + spans.reduce((n, span) => n + fieldSize(span.length), 0) }
      })
      const length = sum(resource.head) + scopes.reduce((n, scope) => n + fieldSize(scope.length), 0)
      plan.push({ head: resource.head, length, scopes })
      total += fieldSize(length)
    }
    const message = new Uint8Array(total)
    let at = 0
    const copy = (part: Uint8Array): void => {
      message.set(part, at)
      at += part.length
    }
    for (const resource of plan) {
      at = writeHead(message, at, 1, resource.length)
      resource.head.forEach(copy)
      for (const scope of resource.scopes) {
        at = writeHead(message, at, 2, scope.length)
        scope.head.forEach(copy)
        for (const span of scope.spans) {
          at = writeHead(message, at, 2, span.length)
          copy(span)
        }
      }
    }
    out.push({ traceId, message, spans: spanCount })
  }
  return out
}
