// OtlpSink on a kafkajs idempotent producer, acks from all in-sync replicas.
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs'
import type { OtlpSink } from './otlp-sink.ts'

export class KafkaSink implements OtlpSink {
  readonly #producer: Producer
  #connected: Promise<void> | undefined

  constructor(brokers: string[], clientId = 'tracehound-gateway') {
    const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.WARN })
    this.#producer = kafka.producer({
      idempotent: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 5,
    })
  }

  async send(topic: string, messages: readonly { key: string | null; value: Buffer | string }[]): Promise<void> {
    this.#connected ??= this.#producer.connect()
    await this.#connected
    await this.#producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value })) })
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect()
  }
}
