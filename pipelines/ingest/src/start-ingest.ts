// Wires the ingest stage: a Kafka consumer group (kafkajs by default) into a
// Store. Returns a handle whose stop() finishes the unit in flight and leaves
// the group.
import type { Store } from '@tracehound/store'
import { IngestMetrics } from './ingest-metrics.ts'
import { resolveIngestOptions, type IngestOptions } from './ingest-options.ts'
import { IngestRunner, type IngestLog } from './ingest-runner.ts'
import type { KafkaSource } from './kafka-source.ts'
import { KafkajsSource } from './kafkajs-source.ts'

export interface IngestHandle {
  readonly metrics: IngestMetrics
  stop(): Promise<void>
}

export async function startIngest(
  store: Store,
  options: IngestOptions,
  log: IngestLog = () => {},
  source?: KafkaSource,
): Promise<IngestHandle> {
  const resolved = resolveIngestOptions(options)
  const kafka = source ?? new KafkajsSource(resolved, log)
  const metrics = new IngestMetrics()
  const runner = new IngestRunner(store, kafka, resolved, metrics, log)
  await kafka.run([resolved.spansTopic, resolved.logsTopic], (batch) => runner.handleBatch(batch))
  log('info', 'ingest started', {
    brokers: resolved.brokers.join(','),
    group: resolved.groupId,
    topics: [resolved.spansTopic, resolved.logsTopic],
    store: store.backend,
  })
  let stopped: Promise<void> | undefined
  return {
    metrics,
    // The unit still being stored commits while the consumer is a member; then the group is left.
    stop: () => (stopped ??= runner.drain().then(() => kafka.stop())),
  }
}
