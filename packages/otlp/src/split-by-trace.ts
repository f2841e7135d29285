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
  return splitBy(buf, (traceId) => traceId).map(({ traceId, message, spans }) => ({ traceId, message, spans }))
}

/**
 * One request per group of traces, `groupOf(traceId)` deciding each trace's
 * group (e.g. the Kafka partition its id hashes to): every trace stays whole
 * in one group, at a fraction of the messages of one per trace. Assumes
 * `buf` already passed decodeTracesProto (well-formed).
 */
export function splitTracesProtoByGroup(buf: Uint8Array, groupOf: (traceId: string) => number): TraceMessage[] {
  return splitBy(buf, groupOf).map(({ key, traceId, message, spans }) => ({ traceId, group: key, message, spans }))
}

/** The request's spans gathered by `groupOf` of their trace id (asked once per trace), in first-seen order. */
function splitBy<K>(
  buf: Uint8Array,
  groupOf: (traceId: string) => K,
): { key: K; traceId: string; message: Uint8Array; spans: number }[] {
  const parts = partsOf(buf)
  const groups = new Map<K, { traceId: string; items: Item[] }>()
  const keyOfTrace = new Map<string, K>()
  for (const item of parts.items) {
    const traceId = spanTraceId(item.bytes)
    let key = keyOfTrace.get(traceId)
    if (key === undefined) {
      key = groupOf(traceId)
      keyOfTrace.set(traceId, key)
    }
    const found = groups.get(key)
    if (found) found.items.push(item)
    else groups.set(key, { traceId, items: [item] })
  }
  return [...groups].map(([key, { traceId, items }]) => ({
    key,
    traceId,
    message: assemble(parts, items),
    spans: items.length,
  }))
}
