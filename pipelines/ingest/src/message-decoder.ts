// One Kafka message → the rows it carries (or their insert body), or the
// reason it can never be stored (a poison message for the dead-letter topic).
// Pure.
import { encodeJsonEachRow } from '@tracehound/store'
import {
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
  logsProtoToJsonEachRow,
  tracesProtoToJsonEachRow,
  withinRetention,
} from '@tracehound/otlp'

export type SignalKind = 'spans' | 'logs'

export type Decoded = { ok: true; rows: SpanRow[] | LogRow[] } | { ok: false; error: string }

/** OTLP/JSON starts with `{` (after whitespace); a protobuf request never does (0x7b would be a group tag). */
function looksLikeJson(value: Uint8Array): boolean {
  for (const byte of value) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue
    return byte === 0x7b
  }
  return false
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

export type Encoded = { ok: true; body: Buffer; rows: number; rejected: number } | { ok: false; error: string }

/**
 * A message's rows within the retention (older ones left out and counted),
 * as the insert's JSONEachRow body. Protobuf spans and logs go straight from
 * their bytes to the body; OTLP/JSON messages through rows.
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
      return {
        ok: true,
        ...(kind === 'spans'
          ? tracesProtoToJsonEachRow(value, { limits, aliases, oldestKept })
          : logsProtoToJsonEachRow(value, { limits, oldestKept })),
      }
    } catch (err) {
      if (err instanceof OtlpDecodeError) return { ok: false, error: `otlp_proto ${kind}: ${err.message}` }
      throw err
    }
  }
  const decoded = decodeMessage(kind, value, limits, aliases)
  if (!decoded.ok) return decoded
  const { kept, rejected } = withinRetention<SpanRow | LogRow>(decoded.rows, oldestKept)
  return { ok: true, body: encodeJsonEachRow(kept), rows: kept.length, rejected }
}
