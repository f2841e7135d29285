// Splits an OTLP/protobuf ExportTraceServiceRequest into one request per
// trace, copying the resource, scope and span bytes as they are (no
// re-encoding): what the Collector's kafka exporter does with
// `partition_traces_by_id`, so each Kafka message is keyed by its trace id and
// a trace's spans share a partition.
import { assemble, type Item, partsOf } from './export-request-parts.ts'
import { ProtoReader, toHex, WIRE_LEN } from './proto-reader.ts'

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

/** The trace id of a Span message (field 1), without decoding the rest. */
function spanTraceId(span: Uint8Array): string {
  const r = new ProtoReader(span)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) return toHex(r.bytes())
    r.skip(tag & 7)
  }
  return ''
}

export interface TraceMessage {
  /** Lowercase hex trace id ('' for spans without one); of a group of traces, its first trace's. */
  readonly traceId: string
  /** An ExportTraceServiceRequest holding only this trace's (or group's) spans. */
  readonly message: Uint8Array
  readonly spans: number
  /** The group `groupOf` gave (splitTracesProtoByGroup). */
  readonly group?: number
}

/** Assumes `buf` already passed decodeTracesProto (well-formed). */
export function splitTracesProtoByTrace(buf: Uint8Array): TraceMessage[] {
  return splitByTraceId(buf)
}

/**
 * Where a span's trace id is: field 1, in practice the span's first bytes
 * (tag 0x0a, length 16). Read into `idAt` / `idLength` of the span's bytes,
 * so no object or string is made per span; 0 / 0 when the span has none.
 */
let idAt = 0
let idLength = 0
function locateTraceId(span: Uint8Array): void {
  if (span.length >= 18 && span[0] === ((1 << 3) | WIRE_LEN) && span[1] === 16) {
    idAt = 2
    idLength = 16
    return
  }
  idAt = idLength = 0
  const r = new ProtoReader(span)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) {
      const [from, to] = r.span()
      idAt = from
      idLength = to - from
      return
    }
    r.skip(tag & 7)
  }
}

/**
 * One request per group of traces, `groupOf(bytes, at, length)` deciding each
 * trace's group from its raw id bytes (`length` 0: a span without a trace id)
 * — e.g. the Kafka partition its id hashes to: every trace stays whole in one
 * group, at a fraction of the messages of one per trace. Asked per span, with
 * no string or lookup per span (a hex id and a Map lookup per span were a
 * tenth of the gateway's CPU). Assumes `buf` already passed decodeTracesProto
 * (well-formed).
 */
export function splitTracesProtoByGroup(
  buf: Uint8Array,
  groupOf: (id: Uint8Array, at: number, length: number) => number,
): TraceMessage[] {
  const parts = partsOf(buf)
  const groups = new Map<number, { first: Item; items: Item[] }>()
  for (const item of parts.items) {
    locateTraceId(item.bytes)
    const key = groupOf(item.bytes, idAt, idLength)
    const found = groups.get(key)
    if (found) found.items.push(item)
    else groups.set(key, { first: item, items: [item] })
  }
  return [...groups].map(([group, { first, items }]) => {
    locateTraceId(first.bytes)
    return {
      traceId: toHex(first.bytes.subarray(idAt, idAt + idLength)),
      group,
      message: assemble(parts, items),
      spans: items.length,
    }
  })
}

/** The request's spans gathered by trace id, in first-seen order. */
function splitByTraceId(buf: Uint8Array): { traceId: string; message: Uint8Array; spans: number }[] {
  const parts = partsOf(buf)
  const traces = new Map<string, Item[]>()
  for (const item of parts.items) {
    const traceId = spanTraceId(item.bytes)
    const found = traces.get(traceId)
    if (found) found.push(item)
    else traces.set(traceId, [item])
  }
  return [...traces].map(([traceId, items]) => ({ traceId, message: assemble(parts, items), spans: items.length }))
}
