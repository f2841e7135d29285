// One Kafka message → the rows it carries (or their insert body), or the
// reason it can never be stored (a poison message for the dead-letter topic).
// Spans and logs are encoded as Native columns (the engine inserts them a
// quarter cheaper than JSONEachRow, BENCHMARKS.md). Pure.
import type { EncodedBatch } from '@tracehound/store'
import {
  LogColumns,
  logColumnsToNative,
  logsProtoToNative,
  SpanColumns,
  spanColumnsToNative,
  tracesProtoToNative,
  applyPrincipalAliases,
  decodeLogsJson,
  decodeLogsProto,
  decodeTracesJson,
  decodeTracesProto,
  OtlpDecodeError,
  type DecodeLimits,
  type LogRow,
  type PrincipalAliases,
  type SpanRow,
  withinRetention,
} from '@tracehound/otlp'

export type SignalKind = 'spans' | 'logs'

export type Decoded = { ok: true; rows: SpanRow[] | LogRow[] } | { ok: false; error: string }

const isWhitespace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09

/**
 * OTLP/JSON starts with `{` (after whitespace); a protobuf request never
 * starts with `{` (0x7b would be a group tag). But it starts with 0x0a (field
 * 1's tag), and a length of 9, 10, 13, 32 or 123 after it reads as more
 * whitespace or a brace: then the bytes decide — a protobuf request's
 * top-level fields end exactly at its end, which JSON text does not.
 */
function looksLikeJson(value: Uint8Array): boolean {
  let i = 0
  while (isWhitespace(value[i])) i++
  if (value[i] !== 0x7b) return false
  return i === 0 || !walksAsProtobuf(value)
}

/** True when `value` is a sequence of well-formed protobuf fields ending exactly at its end. */
function walksAsProtobuf(value: Uint8Array): boolean {
  let pos = 0
  const varint = (): number => {
    let result = 0
    for (let shift = 1, i = 0; i < 10 && pos < value.length; i++, shift *= 128) {
      const byte = value[pos++]!
      result += (byte & 0x7f) * shift
      if (byte < 0x80) return result
    }
    return -1
  }
  while (pos < value.length) {
    const tag = varint()
    if (tag < 8) return false
    const wire = tag & 7
    if (wire === 0) {
      if (varint() < 0) return false
    } else if (wire === 1) pos += 8
    else if (wire === 5) pos += 4
    else if (wire === 2) {
      const length = varint()
      if (length < 0) return false
      pos += length
    } else return false
  }
  return pos === value.length
}

/**
 * Decodes by what the message is, not only by what the topic was configured
 * for: a topic fed by several producers (the Collector with otlp_json, our
 * gateway) may mix encodings, and the first byte tells them apart.
 */
export function decodeMessage(
  kind: SignalKind,
  value: Uint8Array | null,
  limits: DecodeLimits,
  aliases?: PrincipalAliases,
): Decoded {
  if (value === null || value.length === 0)
    return { ok: false, error: 'empty message value (a tombstone or a producer bug)' }
  const encoding = looksLikeJson(value) ? 'otlp_json' : 'otlp_proto'
  try {
    if (kind === 'spans')
      return {
        ok: true,
        rows: applyPrincipalAliases(
          encoding === 'otlp_proto' ? decodeTracesProto(value, limits) : decodeTracesJson(value, limits),
          aliases,
        ),
      }
    return {
      ok: true,
      rows: encoding === 'otlp_proto' ? decodeLogsProto(value, limits) : decodeLogsJson(value, limits),
    }
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { ok: false, error: `${encoding} ${kind}: ${err.message}` }
    throw err
  }
}

/** One message's rows as Native columns, ready to join the others of its insert. */
export type MessageBody = SpanColumns | LogColumns

export type Encoded = { ok: true; body: MessageBody; rows: number; rejected: number } | { ok: false; error: string }

/** The insert batch of several messages' bodies (all of one kind: a topic carries one), in order. */
export function joinBodies(bodies: readonly MessageBody[], rows: number): EncodedBatch {
  const spans = bodies.filter((body) => body instanceof SpanColumns)
  const logs = bodies.filter((body) => body instanceof LogColumns)
  if (spans.length > 0 && logs.length > 0) throw new TypeError('one insert cannot join spans and logs')
  return { format: 'Native', body: spans.length > 0 ? spanColumnsToNative(spans) : logColumnsToNative(logs), rows }
}

/**
 * A message's rows within the retention (older ones left out and counted),
 * ready for the insert. Protobuf spans and logs go straight from their bytes
 * to the columns; OTLP/JSON messages through rows.
 */
export function encodeMessage(
  kind: SignalKind,
  value: Uint8Array | null,
  limits: DecodeLimits,
  aliases: PrincipalAliases | undefined,
  oldestKept: string | undefined,
): Encoded {
  if (value !== null && value.length > 0 && !looksLikeJson(value)) {
    try {
      if (kind === 'spans') {
        const { columns, rows, rejected } = tracesProtoToNative(value, { limits, aliases, oldestKept })
        return { ok: true, body: columns, rows, rejected }
      }
      const { columns, rows, rejected } = logsProtoToNative(value, { limits, oldestKept })
      return { ok: true, body: columns, rows, rejected }
    } catch (err) {
      if (err instanceof OtlpDecodeError) return { ok: false, error: `otlp_proto ${kind}: ${err.message}` }
      throw err
    }
  }
  const decoded = decodeMessage(kind, value, limits, aliases)
  if (!decoded.ok) return decoded
  const { kept, rejected } = withinRetention<SpanRow | LogRow>(decoded.rows, oldestKept)
  if (kind === 'spans') {
    const columns = new SpanColumns()
    for (const row of kept as SpanRow[]) columns.addRow(row)
    return { ok: true, body: columns, rows: kept.length, rejected }
  }
  const columns = new LogColumns()
  for (const row of kept as LogRow[]) columns.addRow(row)
  return { ok: true, body: columns, rows: kept.length, rejected }
}
