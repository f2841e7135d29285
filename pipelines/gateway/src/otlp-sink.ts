/** The rows of a validated request, already decoded (for sinks that store them directly). */
export interface DecodedRows {
  readonly table: 'otel_traces' | 'otel_logs'
  readonly rows: readonly object[]
}

/**
 * Where the gateway puts validated OTLP requests: Kafka (messages split per
 * trace) in the distributed setup, the store's batch writer (decoded rows)
 * inside `tracehound up`. send() resolves once the data is durable; a
 * rejection makes the client retry (503 + Retry-After), unless the error
 * says `retriable: false` (the data itself was refused: 400).
 */
export interface OtlpSink {
  send(
    topic: string,
    messages: readonly { key: string | null; value: Buffer | string }[],
    decoded: DecodedRows,
  ): Promise<void>
  close(): Promise<void>
}
