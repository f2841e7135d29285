/**
 * @tracehound/ingest — the Kafka → ClickHouse stage: a consumer group that
 * writes OTLP spans and logs to the store without loss or duplicates.
 */
export { startIngest, type IngestHandle } from './start-ingest.ts'
export { resolveIngestOptions, type IngestOptions } from './ingest-options.ts'
export { IngestMetrics } from './ingest-metrics.ts'
export type { IngestLog } from './ingest-runner.ts'
export type { KafkaSource, SourceBatch, SourceMessage, DeadLetter } from './kafka-source.ts'
export { planUnits, unitToken, encodeIntent, decodeIntent } from './insert-units.ts'
export { replayFiles, ReplayInputError, type ReplayOptions, type ReplayReport } from './replay-files.ts'
export { BatchWriter, BufferFullError, type BatchWriterOptions, type RowWriter } from './batch-writer.ts'
export { WalWriter, type WalWriterOptions, type WalLog } from './wal-writer.ts'
