// One OTLP export, whatever the transport (HTTP or gRPC): decode and
// validate it completely (for a sink that forwards the bytes, protobuf is
// checked without building rows), keep what the store keeps (older records are
// counted and reported back), admit it against the in-flight budget, hand it
// to the sink, count it. The outcome says which of the two failure kinds it
// was — the data's fault (never retry) or the pipeline's (retry later) — and
// each transport answers in its own codes.
import {
  applyPrincipalAliases,
  checkLogsProto,
  checkTracesProto,
  decodeLogsJson,
  decodeLogsProto,
  decodeTracesJson,
  decodeTracesProto,
  type LogRow,
  OtlpDecodeError,
  retentionMessage,
  type SpanRow,
  withinRetention,
} from '@tracehound/otlp'
import type { GatewayMetrics } from './gateway-metrics.ts'
import type { ResolvedGatewayOptions } from './gateway-options.ts'
import type { InFlightBudget } from './in-flight-budget.ts'
import type { OtlpSink } from './otlp-sink.ts'

export type GatewayLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface ExportDeps {
  sink: OtlpSink
  options: ResolvedGatewayOptions
  budget: InFlightBudget
  metrics: GatewayMetrics
  log: GatewayLog
}

export type ExportOutcome =
  /** Stored (or nothing to store); `partial` when records outside the retention were left out. */
  | { kind: 'stored'; partial?: { rejected: number; message: string } }
  /** The data can never be stored: 400 / INVALID_ARGUMENT. */
  | { kind: 'invalid'; message: string }
  /** The pipeline cannot take it now: 503 + Retry-After / UNAVAILABLE. */
  | { kind: 'unavailable'; message: string }

function decode(
  signal: 'traces' | 'logs',
  format: 'protobuf' | 'json',
  body: Buffer,
  options: ResolvedGatewayOptions,
): readonly SpanRow[] | readonly LogRow[] {
  if (signal === 'logs') return format === 'protobuf' ? decodeLogsProto(body) : decodeLogsJson(body)
  return applyPrincipalAliases(
    format === 'protobuf' ? decodeTracesProto(body) : decodeTracesJson(body),
    options.principalAliases,
  )
}

export async function exportRequest(
  deps: ExportDeps,
  signal: 'traces' | 'logs',
  format: 'protobuf' | 'json',
  body: Buffer,
): Promise<ExportOutcome> {
  const { budget } = deps
  // Admitted by its decompressed size before decoding: what decoding costs grows with it, and a
  // saturated pipeline should refuse work before doing it, not after.
  if (!budget.tryAcquire(body.length))
    return {
      kind: 'unavailable',
      message: 'gateway saturated: the pipeline is storing slower than data arrives; retry later',
    }
  try {
    return await admitted(deps, signal, format, body)
  } finally {
    budget.release(body.length)
  }
}

async function admitted(
  deps: ExportDeps,
  signal: 'traces' | 'logs',
  format: 'protobuf' | 'json',
  body: Buffer,
): Promise<ExportOutcome> {
  const { sink, options, metrics, log } = deps
  // Older than the store keeps: not stored, and the client is told (partial_success).
  const cutoff = options.oldestKept?.()
  let rows: readonly SpanRow[] | readonly LogRow[] = []
  let records: number
  let rejected: number
  try {
    if (sink.forwardsBytes && format === 'protobuf') {
      // The sink forwards the bytes: check them as the decoder would, without rows.
      const checked = (signal === 'traces' ? checkTracesProto : checkLogsProto)(body, { oldestKept: cutoff })
      records = checked.kept
      rejected = checked.rejected
    } else {
      const split = withinRetention<SpanRow | LogRow>(decode(signal, format, body, options), cutoff)
      rows = split.kept as readonly SpanRow[] | readonly LogRow[]
      records = rows.length
      rejected = split.rejected
    }
  } catch (err) {
    if (err instanceof OtlpDecodeError)
      return { kind: 'invalid', message: `invalid OTLP ${signal} request: ${err.message}` }
    throw err
  }
  let partial: { rejected: number; message: string } | undefined
  if (rejected > 0 && cutoff !== undefined) {
    metrics.rejectedOutsideRetention += rejected
    partial = { rejected, message: retentionMessage(rejected, signal === 'traces' ? 'spans' : 'log records', cutoff) }
    log('warn', 'records older than the store keeps were not stored', { signal, rejected, oldest_kept: cutoff })
  }
  const stored: ExportOutcome = partial ? { kind: 'stored', partial } : { kind: 'stored' }
  if (records === 0) return stored
  try {
    await sink.accept({ signal, format, body, records, rows })
  } catch (err) {
    const message = (err as Error).message
    // Refused for good (a value the store cannot hold, a message larger than Kafka takes): a retry would fail again.
    if ((err as { retriable?: unknown }).retriable === false) {
      log('warn', 'the pipeline refused a request for good', { signal, error: message })
      return {
        kind: 'invalid',
        message: `this ${signal} request was refused for good (retrying cannot help; send smaller requests if it is too large): ${message.slice(0, 500)}`,
      }
    }
    log('warn', 'the pipeline did not take a request; the client will retry', { signal, error: message })
    return { kind: 'unavailable', message: 'pipeline saturated or unavailable; retry later' }
  }
  if (signal === 'traces') metrics.spans += records
  else metrics.logRecords += records
  metrics.bytes += body.length
  return stored
}
