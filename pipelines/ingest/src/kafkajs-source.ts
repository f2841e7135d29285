// KafkaSource on kafkajs: a consumer group with manual offset handling
// (offsets are committed by the runner only after rows are stored) and an
// idempotent producer for dead letters.
import { Kafka, logLevel, Partitioners, type Consumer, type LogEntry, type Producer } from 'kafkajs'
import type { DeadLetter, KafkaSource, SourceBatch } from './kafka-source.ts'
import type { ResolvedIngestOptions } from './ingest-options.ts'
import type { IngestLog } from './ingest-runner.ts'

/** kafkajs's own log lines go to the stage's log (connection errors during a broker restart are warnings: kafkajs retries them). */
function kafkajsLogCreator(log: IngestLog) {
  return () =>
    ({ level, log: entry }: LogEntry): void => {
      const {
        message,
        timestamp: _,
        logger: __,
        ...fields
      } = entry as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>
      log(level <= logLevel.ERROR ? 'warn' : 'info', `kafkajs: ${message}`, fields)
    }
}

export class KafkajsSource implements KafkaSource {
  readonly #kafka: Kafka
  readonly #options: ResolvedIngestOptions
  readonly #consumer: Consumer
  #producer: Producer | undefined
  #stopping = false

  constructor(options: ResolvedIngestOptions, log: IngestLog = () => {}) {
    this.#options = options
    this.#kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(log),
      retry: { retries: 10 },
    })
    this.#consumer = this.#kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: options.maxBytesPerPartition,
      maxBytes: options.maxBytesPerPartition * 4,
      sessionTimeout: options.sessionTimeoutMs,
      rebalanceTimeout: Math.max(options.sessionTimeoutMs, 10_000),
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
      // How long the broker holds a fetch when there is nothing new: Kafka's own default (fetch.max.wait.ms), not
      // kafkajs's 5 s, which stop() and every rebalance wait out once ingest has caught up.
      maxWaitTimeInMs: 500,
    })
  }

  async run(topics: string[], handle: (batch: SourceBatch) => Promise<void>): Promise<void> {
    const admin = this.#kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true }).catch(() => false)
    await this.#consumer.connect()
    for (const topic of topics) await this.#consumer.subscribe({ topic, fromBeginning: true })
    const consumer = this.#consumer
    const groupId = this.#options.groupId
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, pause, isRunning, isStale, resolveOffset }) => {
        await handle({
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: BigInt(batch.highWatermark),
          messages: batch.messages.map((m) => ({
            offset: BigInt(m.offset),
            key: m.key,
            value: m.value,
            headers: Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString() : String(v ?? '')]),
            ),
          })),
          commit: async (offset, metadata) => {
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: offset.toString(), metadata },
            ])
            // kafkajs fetches from the last resolved offset; without this it would deliver the unit again.
            if (offset > 0n) resolveOffset((offset - 1n).toString())
          },
          release: (offset) => {
            if (offset > 0n) resolveOffset((offset - 1n).toString())
          },
          // A seek with autoCommit off only moves kafkajs's fetch position; batches fetched before it turn stale.
          rewind: (offset) =>
            consumer.seek({ topic: batch.topic, partition: batch.partition, offset: offset.toString() }),
          committed: async () => {
            const [entry] = await admin.fetchOffsets({ groupId, topics: [batch.topic] })
            const partition = entry?.partitions.find((p) => p.partition === batch.partition)
            return { offset: BigInt(partition?.offset ?? '-1'), metadata: partition?.metadata ?? null }
          },
          heartbeat,
          pause,
          isActive: () => isRunning() && !isStale() && !this.#stopping,
        })
      },
    })
    // kafkajs resolves run() once the consumer is running; stop() ends it.
    this.#onStop = async () => {
      await admin.disconnect()
    }
  }

  #onStop: () => Promise<void> = async () => {}

  async sendDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return
    if (!this.#producer) {
      this.#producer = this.#kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner })
      await this.#producer.connect()
    }
    const byTopic = new Map<string, DeadLetter[]>()
    for (const letter of letters) byTopic.set(letter.topic, [...(byTopic.get(letter.topic) ?? []), letter])
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, items]) => ({
        topic,
        messages: items.map((l) => ({ key: l.key, value: l.value, headers: l.headers })),
      })),
    })
  }

  async stop(): Promise<void> {
    this.#stopping = true
    await this.#consumer.disconnect()
    await this.#producer?.disconnect()
    await this.#onStop()
  }
}
