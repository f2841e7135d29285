// The narrow interface the ingest runner needs from a Kafka client; kafkajs
// is the default implementation (kafkajs-source.ts).

export interface SourceMessage {
  readonly offset: bigint
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: Readonly<Record<string, string>>
}

export interface SourceBatch {
  readonly topic: string
  readonly partition: number
  readonly messages: readonly SourceMessage[]
  /** The partition's high watermark when fetched (for lag). */
  readonly highWatermark: bigint
  /** Commits `offset` (the next offset to read) with metadata, and moves the fetch position past it. */
  commit(offset: bigint, metadata: string): Promise<void>
  /**
   * Moves the fetch position to `offset` without committing it, so the next
   * batch can be fetched while the runner still stores this one (it commits
   * once the rows are in). Only to be followed by commit() or rewind().
   */
  release(offset: bigint): void
  /** Fetches this partition again from `offset` (not committed): after a released batch failed to store. */
  rewind(offset: bigint): void
  /** The committed offset and metadata of this partition for the group. */
  committed(): Promise<{ offset: bigint; metadata: string | null }>
  /** Keeps group membership alive during long work. */
  heartbeat(): Promise<void>
  /** Stops fetching this partition until the returned function is called. */
  pause(): () => void
  /** False once the consumer is stopping or the partition was revoked. */
  isActive(): boolean
}

export interface DeadLetter {
  readonly topic: string
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: Record<string, string>
}

export interface KafkaSource {
  /** Runs `handle` for every fetched batch until stop(); a thrown error restarts the batch. */
  run(topics: string[], handle: (batch: SourceBatch) => Promise<void>): Promise<void>
  /** Writes dead letters; resolves once the broker acknowledged them. */
  sendDeadLetters(letters: readonly DeadLetter[]): Promise<void>
  /** Finishes the batch in flight, leaves the group, disconnects. */
  stop(): Promise<void>
}
