// OTLP/JSON re-encoded as OTLP/protobuf, so the gateway's Kafka topics hold
// one encoding (otlp_proto, as the Collector's kafka exporter writes) whatever
// the client sent. Input is a request decodeTracesJson/decodeLogsJson already
// accepted: hex ids, int64 as strings or numbers, enums as integers. Field
// numbers from opentelemetry-proto (trace.proto, logs.proto, common.proto,
// resource.proto). Unknown JSON fields are dropped, as a protobuf decoder of
// the JSON would.
import { ProtoWriter } from './proto-writer.ts'

type Json = Record<string, unknown>

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : [])
const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const integer = (value: unknown): bigint =>
  typeof value === 'number' && Number.isInteger(value)
    ? BigInt(value)
    : typeof value === 'string' && /^-?\d{1,20}$/.test(value)
      ? BigInt(value)
      : 0n
const hex = (value: unknown): Uint8Array => Buffer.from(text(value), 'hex')

function anyValue(w: ProtoWriter, v: Json): void {
  if ('stringValue' in v) w.string(1, text(v['stringValue']), true)
  else if ('boolValue' in v) w.varint(2, v['boolValue'] === true ? 1 : 0, true)
  else if ('intValue' in v) w.varint(3, BigInt.asIntN(64, integer(v['intValue'])), true)
  else if ('doubleValue' in v) w.double(4, Number(v['doubleValue']), true)
  else if ('arrayValue' in v)
    w.message(
      5,
      (a) => {
        for (const item of list((v['arrayValue'] as Json | null)?.['values']))
          a.message(1, (x) => anyValue(x, item), true)
      },
      true,
    )
  else if ('kvlistValue' in v) w.message(6, (m) => keyValues(m, 1, (v['kvlistValue'] as Json | null)?.['values']), true)
  else if ('bytesValue' in v) w.bytes(7, Buffer.from(text(v['bytesValue']), 'base64'), true)
}

function keyValues(w: ProtoWriter, field: number, items: unknown): void {
  for (const kv of list(items))
    w.message(
      field,
      (m) => {
        m.string(1, text(kv['key']))
        const value = kv['value']
        if (value && typeof value === 'object') m.message(2, (x) => anyValue(x, value as Json), true)
      },
      true,
    )
}

function resource(w: ProtoWriter, r: Json | undefined): void {
  if (!r) return
  w.message(1, (m) => {
    keyValues(m, 1, r['attributes'])
    m.varint(2, integer(r['droppedAttributesCount']))
  })
}

function scope(w: ProtoWriter, s: Json | undefined): void {
  if (!s) return
  w.message(1, (m) => {
    m.string(1, text(s['name']))
    m.string(2, text(s['version']))
    keyValues(m, 3, s['attributes'])
    m.varint(4, integer(s['droppedAttributesCount']))
  })
}

function span(w: ProtoWriter, s: Json): void {
  w.bytes(1, hex(s['traceId']))
  w.bytes(2, hex(s['spanId']))
  w.string(3, text(s['traceState']))
  w.bytes(4, hex(s['parentSpanId']))
  w.string(5, text(s['name']))
  w.varint(6, integer(s['kind']))
  w.fixed64(7, integer(s['startTimeUnixNano']))
  w.fixed64(8, integer(s['endTimeUnixNano']))
  keyValues(w, 9, s['attributes'])
  w.varint(10, integer(s['droppedAttributesCount']))
  for (const e of list(s['events']))
    w.message(
      11,
      (m) => {
        m.fixed64(1, integer(e['timeUnixNano']))
        m.string(2, text(e['name']))
        keyValues(m, 3, e['attributes'])
        m.varint(4, integer(e['droppedAttributesCount']))
      },
      true,
    )
  w.varint(12, integer(s['droppedEventsCount']))
  for (const l of list(s['links']))
    w.message(
      13,
      (m) => {
        m.bytes(1, hex(l['traceId']))
        m.bytes(2, hex(l['spanId']))
        m.string(3, text(l['traceState']))
        keyValues(m, 4, l['attributes'])
        m.varint(5, integer(l['droppedAttributesCount']))
        m.fixed32(6, Number(integer(l['flags'])))
      },
      true,
    )
  w.varint(14, integer(s['droppedLinksCount']))
  const status = s['status'] as Json | undefined
  if (status)
    w.message(15, (m) => {
      m.string(2, text(status['message']))
      m.varint(3, integer(status['code']))
    })
  w.fixed32(16, Number(integer(s['flags'])))
}

function logRecord(w: ProtoWriter, r: Json): void {
  w.fixed64(1, integer(r['timeUnixNano']))
  w.varint(2, integer(r['severityNumber']))
  w.string(3, text(r['severityText']))
  const body = r['body']
  if (body && typeof body === 'object') w.message(5, (m) => anyValue(m, body as Json), true)
  keyValues(w, 6, r['attributes'])
  w.varint(7, integer(r['droppedAttributesCount']))
  w.fixed32(8, Number(integer(r['flags'])))
  w.bytes(9, hex(r['traceId']))
  w.bytes(10, hex(r['spanId']))
  w.fixed64(11, integer(r['observedTimeUnixNano']))
  w.string(12, text(r['eventName']))
}

/** ExportTraceServiceRequest (JSON object) → protobuf bytes. */
export function encodeTracesJsonAsProto(request: Json): Uint8Array {
  const w = new ProtoWriter()
  for (const rs of list(request['resourceSpans']))
    w.message(
      1,
      (m) => {
        resource(m, rs['resource'] as Json | undefined)
        for (const ss of list(rs['scopeSpans']))
          m.message(
            2,
            (s) => {
              scope(s, ss['scope'] as Json | undefined)
              for (const item of list(ss['spans'])) s.message(2, (x) => span(x, item), true)
              s.string(3, text(ss['schemaUrl']))
            },
            true,
          )
        m.string(3, text(rs['schemaUrl']))
      },
      true,
    )
  return w.finish()
}

/** ExportLogsServiceRequest (JSON object) → protobuf bytes. */
export function encodeLogsJsonAsProto(request: Json): Uint8Array {
  const w = new ProtoWriter()
  for (const rl of list(request['resourceLogs']))
    w.message(
      1,
      (m) => {
        resource(m, rl['resource'] as Json | undefined)
        for (const sl of list(rl['scopeLogs']))
          m.message(
            2,
            (s) => {
              scope(s, sl['scope'] as Json | undefined)
              for (const item of list(sl['logRecords'])) s.message(2, (x) => logRecord(x, item), true)
              s.string(3, text(sl['schemaUrl']))
            },
            true,
          )
        m.string(3, text(rl['schemaUrl']))
      },
      true,
    )
  return w.finish()
}
