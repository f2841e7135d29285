// Kafka → ingest → embedded store, in process, on the real broker: every span
// and log record stored exactly once; poison messages reach <topic>.dlq with
// the error and their source in headers, and the pipeline keeps going.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startIngest } from '../src/index.ts'
import {
  caughtUp,
  createTopics,
  kafkaFor,
  logMessages,
  produce,
  traceMessages,
  until,
} from './support/otlp-messages.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-ingest-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('ingest on the real broker', () => {
  it('stores every span and log exactly once and dead-letters poison messages', async () => {
    const kafka = kafkaFor(inject('kafkaBrokers'))
    const suffix = randomUUID().slice(0, 8)
    const spansTopic = `test-spans-${suffix}`
    const logsTopic = `test-logs-${suffix}`
    await createTopics(kafka, [spansTopic, logsTopic, `${spansTopic}.dlq`])
    const traces = await traceMessages(60, 25)
    const logs = await logMessages(10, 50)
    const poison = [
      { key: 'garbage', value: Buffer.from('this is not protobuf at all \u00ff') },
      { key: 'truncated', value: Buffer.from(traces.messages[0]!.value as Buffer).subarray(0, 100) },
      { key: 'empty', value: Buffer.alloc(0) },
    ]
    await produce(kafka, spansTopic, [...traces.messages.slice(0, 30), ...poison, ...traces.messages.slice(30)])
    await produce(kafka, logsTopic, logs.messages)

    const store = await ChdbStore.open({ dataDir })
    await migrate(store)
    const groupId = `ingest-${suffix}`
    const ingest = await startIngest(store, {
      brokers: inject('kafkaBrokers').split(','),
      groupId,
      spansTopic,
      logsTopic,
      maxUnitMessages: 16,
    })
    await until(
      'ingest to catch up',
      async () => (await caughtUp(kafka, groupId, spansTopic)) && (await caughtUp(kafka, groupId, logsTopic)),
    )
    await ingest.stop()

    const [spans] = await store.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    expect({ n: Number(spans?.n), distinct: Number(spans?.distinct) }).toEqual({
      n: traces.spans,
      distinct: traces.spans,
    })
    const [logRows] = await store.query<{ n: number }>('SELECT count() AS n FROM otel_logs')
    expect(Number(logRows?.n)).toBe(logs.records)
    // The rollups saw the same spans: every trace's gateway→payments pair became an edge.
    const [edges] = await store.query<{ calls: number }>(
      "SELECT sum(Calls) AS calls FROM service_edges_minute WHERE Source = 'span'",
    )
    expect(Number(edges?.calls)).toBe(0) // all spans of a trace share one service here: no cross-service edge
    expect(ingest.metrics.deadLetters.get(spansTopic)).toBe(3)
    expect(ingest.metrics.render()).toContain(`tracehound_ingest_dead_letters_total{topic="${spansTopic}"} 3`)
    await store.close()

    const consumer = kafka.consumer({ groupId: `dlq-reader-${suffix}` })
    await consumer.connect()
    await consumer.subscribe({ topic: `${spansTopic}.dlq`, fromBeginning: true })
    const letters: { key: string; headers: Record<string, string> }[] = []
    await consumer.run({
      eachMessage: async ({ message }) => {
        letters.push({
          key: message.key?.toString() ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        })
      },
    })
    await until('dead letters to arrive', async () => letters.length >= 3)
    await consumer.disconnect()
    expect(letters.map((l) => l.key).sort()).toEqual(['empty', 'garbage', 'truncated'])
    for (const letter of letters) {
      expect(letter.headers['tracehound.source.topic']).toBe(spansTopic)
      expect(letter.headers['tracehound.source.offset']).toMatch(/^\d+$/)
      expect(letter.headers['tracehound.error']).toMatch(/otlp_proto spans|empty message value/)
    }
  })
})
