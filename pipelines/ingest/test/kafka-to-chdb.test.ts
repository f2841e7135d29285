// End-to-end proof of the foundation: 1,000 messages through a real Kafka
// broker and a consumer group into a real ClickHouse engine (chdb), with
// offsets committed only after the rows are written — exactly 1,000 rows.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Session } from 'chdb'
import { Kafka, Partitioners, logLevel } from 'kafkajs'
import { afterAll, describe, expect, inject, it } from 'vitest'

const MESSAGES = 1000
const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-e2e-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('Kafka → consumer group → chdb', () => {
  it('writes every produced message exactly once', async () => {
    const kafka = new Kafka({
      clientId: 'foundation-e2e',
      brokers: inject('kafkaBrokers').split(','),
      logLevel: logLevel.ERROR,
    })
    const topic = `test-topic-${randomUUID()}`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
    await admin.disconnect()

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true })
    await producer.connect()
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `trace-${i % 37}`,
      value: JSON.stringify({ id: i, service: `svc-${i % 5}` }),
    }))
    for (let i = 0; i < messages.length; i += 100) {
      await producer.send({ topic, messages: messages.slice(i, i + 100) })
    }
    await producer.disconnect()

    const store = new Session(dataDir)
    await store.queryAsync(`
      CREATE TABLE e2e_messages (
        Topic LowCardinality(String), Partition UInt32, Offset UInt64,
        Id UInt32, Service LowCardinality(String)
      ) ENGINE = MergeTree ORDER BY (Partition, Offset)`)

    const consumer = kafka.consumer({ groupId: `test-group-${randomUUID()}` })
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    let written = 0
    const done = new Promise<void>((resolve, reject) => {
      void consumer
        .run({
          eachBatchAutoResolve: false,
          autoCommit: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            const rows = batch.messages.map((m) => {
              const body = JSON.parse(m.value?.toString() ?? '{}') as { id: number; service: string }
              return {
                Topic: batch.topic,
                Partition: batch.partition,
                Offset: m.offset,
                Id: body.id,
                Service: body.service,
              }
            })
            await store.insert({ table: 'e2e_messages', values: rows })
            // Commit only after the rows are in the store.
            const last = batch.lastOffset()
            resolveOffset(last)
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
            ])
            await heartbeat()
            written += rows.length
            if (written >= MESSAGES) resolve()
          },
        })
        .catch(reject)
    })
    await done
    await consumer.disconnect()

    const result = (
      await store.queryAsync(
        'SELECT count() AS total, uniqExact(Id) AS distinct_ids, min(Id) AS lo, max(Id) AS hi FROM e2e_messages',
        {
          format: 'JSONEachRow',
        },
      )
    ).json<{ total: number; distinct_ids: number; lo: number; hi: number }>()
    store.close()
    expect(result).toEqual({ total: MESSAGES, distinct_ids: MESSAGES, lo: 0, hi: MESSAGES - 1 })
  })
})
