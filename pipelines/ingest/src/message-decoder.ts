// One Kafka message → the rows it carries, or the reason it can never be
// stored (a poison message for the dead-letter topic). Pure.
import { decodeLogsJson, decodeLogsProto, decodeTracesJson, decodeTracesProto, OtlpDecodeError, type DecodeLimits, type LogRow, type SpanRow } from '@tracehound/otlp'
import type { OtlpEncoding } from './ingest-options.ts'

export type SignalKind = 'spans' | 'logs'

export type Decoded = { ok: true; rows: SpanRow[] | LogRow[] } | { ok: false; error: string }

export function decodeMessage(kind: SignalKind, encoding: OtlpEncoding, value: Uint8Array | null, limits: DecodeLimits): Decoded {
  if (value === null || value.length === 0) return { ok: false, error: 'empty message value (a tombstone or a producer bug)' }
  try {
    if (kind === 'spans') return { ok: true, rows: encoding === 'otlp_proto' ? decodeTracesProto(value, limits) : decodeTracesJson(value, limits) }
    return { ok: true, rows: encoding === 'otlp_proto' ? decodeLogsProto(value, limits) : decodeLogsJson(value, limits) }
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { ok: false, error: `${encoding} ${kind}: ${err.message}` }
    throw err
  }
}
