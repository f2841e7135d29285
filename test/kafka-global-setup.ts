// Starts the one real Kafka broker a test run shares, unless KAFKA_BROKERS
// already names one. Tests read the address with `inject('kafkaBrokers')`.
import type { TestProject } from 'vitest/node'
import { startKafkaBroker, type KafkaBroker } from '../scripts/kafka/kafka-broker.ts'

let broker: KafkaBroker | undefined

export async function setup(project: TestProject): Promise<void> {
  const existing = process.env['KAFKA_BROKERS']?.trim()
  if (existing) {
    project.provide('kafkaBrokers', existing)
    return
  }
  const started = Date.now()
  broker = await startKafkaBroker({ log: (line) => console.log(`[kafka] ${line}`) })
  console.log(`[kafka] broker ${broker.brokers} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  project.provide('kafkaBrokers', broker.brokers)
}

export async function teardown(): Promise<void> {
  await broker?.stop()
}
