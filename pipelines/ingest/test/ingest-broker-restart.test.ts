// The broker restarts while ingest runs (its own broker, so the shared one is
// untouched): the consumer rides it out and every span is stored exactly once.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKafkaBroker, type KafkaBroker } from '../../../scripts/kafka/kafka-broker.ts'
import { startIngest } from '../src/index.ts'
import { caughtUp, createTopics, kafkaFor, produce, traceMessages, until } from './support/otlp-messages.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-broker-restart-'))
let broker: KafkaBroker
beforeAll(async () => {
  broker = await startKafkaBroker()
}, 120_000)
afterAll(async () => {
  await broker?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('ingest across a broker restart', () => {
  it('stores every span exactly once', async () => {
    const kafka = kafkaFor(broker.brokers)
    const suffix = randomUUID().slice(0, 8)
    const spansTopic = `restart-spans-${suffix}`
    const logsTopic = `restart-logs-${suffix}`
    const groupId = `restart-${suffix}`
    await createTopics(kafka, [spansTopic, logsTopic])
    const { messages, spans } = await traceMessages(80, 25)
    const store = await ChdbStore.open({ dataDir })
    await migrate(store)
    const ingest = await startIngest(store, {
      brokers: [broker.brokers],
      groupId,
      spansTopic,
      logsTopic,
      maxUnitMessages: 5,
      sessionTimeoutMs: 6000,
      retryInitialMs: 100,
      retryMaxMs: 2000,
    })

    await produce(kafka, spansTopic, messages.slice(0, 40), 10)
    await until(
      'part of the first half to be stored',
      async () => Number((await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces'))[0]?.n) > 0,
      60_000,
    )
    await broker.restart()
    await produce(kafka, spansTopic, messages.slice(40), 10)
    await until('ingest to catch up after the restart', () => caughtUp(kafka, groupId, spansTopic), 120_000)
    await ingest.stop()

    const [row] = await store.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    await store.close()
    expect({ stored: Number(row?.n), distinct: Number(row?.distinct) }).toEqual({ stored: spans, distinct: spans })
  }, 240_000)
})
