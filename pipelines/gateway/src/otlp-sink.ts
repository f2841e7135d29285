/** Where the gateway puts validated OTLP messages: Kafka in production. */
export interface OtlpSink {
  /** Resolves once every message is acknowledged (acks=all). */
  send(topic: string, messages: readonly { key: string | null; value: Buffer | string }[]): Promise<void>
  close(): Promise<void>
}
