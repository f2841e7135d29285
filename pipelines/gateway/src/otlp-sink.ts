// Where the gateway puts a validated OTLP request — one contract, two kinds of
// failure (the OpenTelemetry Collector's consumer contract): the Kafka sink in
// the distributed setup (it splits the request per trace and produces), the
// store's batch writer inside `tracehound up` (it takes the decoded rows).
import type { LogRow, SpanRow } from '@tracehound/otlp'

export interface OtlpRequest {
  readonly signal: 'traces' | 'logs'
  readonly format: 'protobuf' | 'json'
  /** The body as received, decompressed. */
  readonly body: Buffer
  /** Records in it that the store keeps (the rows' count when rows were decoded). */
  readonly records: number
  /**
   * Its rows, decoded and validated (principal aliases applied) — empty for a
   * sink that forwards the body (`forwardsBytes`) when it was checked without
   * building rows.
   */
  readonly rows: readonly SpanRow[] | readonly LogRow[]
}

export interface OtlpSink {
  /**
   * True for a sink that only forwards the body (Kafka): protobuf requests
   * are then checked exactly as the decoder would, without building rows.
   */
  readonly forwardsBytes?: boolean
  /**
   * Resolves once the request is durable. A rejection whose error says
   * `retriable: false` is the data's fault — the client gets 400 and must not
   * retry (a value the store cannot hold, a message larger than Kafka takes);
   * any other rejection is the pipeline's — 503 with Retry-After.
   */
  accept(request: OtlpRequest): Promise<void>
  close(): Promise<void>
  /** Whether the sink can take data now (the gateway's /healthz says so). @default always healthy */
  health?(): { ok: boolean; detail?: Record<string, unknown> }
}

/** An error that says retrying the same data cannot help. */
export class PermanentSinkError extends Error {
  override name = 'PermanentSinkError'
  readonly retriable = false
}
