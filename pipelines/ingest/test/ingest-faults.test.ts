// Faults on the real broker: the consumer process is SIGKILLed mid-stream
// several times while spans are produced, and ClickHouse fails and loses
// insert responses for a while. Afterwards: stored spans = produced spans,
// and no span is stored twice.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChdbStore, migrate, ServerStore } from '@tracehound/store'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startClickHouseHttpOnChdb } from '../../../packages/store/test/support/clickhouse-http-on-chdb.ts'
import { startIngest } from '../src/index.ts'
import { caughtUp, createTopics, kafkaFor, produce, traceMessages, until } from './support/otlp-messages.ts'

const BIN = fileURLToPath(new URL('../../../packages/cli/bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-ingest-faults-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)))

describe('ingest under faults', () => {
  it('SIGKILL of the consumer mid-stream, several times: every span stored exactly once', async () => {
    const brokers = inject('kafkaBrokers')
    const kafka = kafkaFor(brokers)
    const suffix = randomUUID().slice(0, 8)
    const spansTopic = `test-crash-spans-${suffix}`
    const logsTopic = `test-crash-logs-${suffix}`
    const groupId = `crash-${suffix}`
    await createTopics(kafka, [spansTopic, logsTopic])
    const { messages, spans } = await traceMessages(250, 100) // 100,000 spans
    const dataDir = join(root, 'store')
    const startConsumer = (): ChildProcess =>
      spawn(
        process.execPath,
        [
          BIN,
          'ingest',
          '--kafka',
          brokers,
          '--data',
          dataDir,
          '--group',
          groupId,
          '--spans-topic',
          spansTopic,
          '--logs-topic',
          logsTopic,
          '--max-unit-messages',
          '10',
          '--session-timeout-ms',
          '6000',
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      )
    let consumer = startConsumer()
    let stderr = ''
    const collect = (child: ChildProcess): void => {
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)))
    }
    collect(consumer)

    const producing = (async () => {
      for (let i = 0; i < messages.length; i += 25) {
        await produce(kafka, spansTopic, messages.slice(i, i + 25), 25)
        await new Promise((r) => setTimeout(r, 150))
      }
    })()
    let kills = 0
    for (const pause of [2500, 1700, 2200, 1300]) {
      await new Promise((r) => setTimeout(r, pause))
      consumer.kill('SIGKILL')
      await exited(consumer)
      kills++
      consumer = startConsumer()
      collect(consumer)
    }
    await producing
    await until('the consumer group to commit every offset', () => caughtUp(kafka, groupId, spansTopic), 240_000)
    consumer.kill('SIGTERM')
    expect(await exited(consumer)).toBe(0)
    expect(kills).toBe(4)

    const store = await ChdbStore.open({ dataDir })
    const [row] = await store.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    await store.close()
    expect({ stored: Number(row?.n), distinct: Number(row?.distinct) }, stderr.slice(-2000)).toEqual({
      stored: spans,
      distinct: spans,
    })
  }, 300_000)

  it('ClickHouse overloaded and losing insert responses: retried with the same token, nothing lost or doubled', async () => {
    const brokers = inject('kafkaBrokers')
    const kafka = kafkaFor(brokers)
    const suffix = randomUUID().slice(0, 8)
    const spansTopic = `test-chfail-spans-${suffix}`
    const logsTopic = `test-chfail-logs-${suffix}`
    await createTopics(kafka, [spansTopic, logsTopic])
    const { messages, spans } = await traceMessages(80, 50)
    const server = await startClickHouseHttpOnChdb({
      dataDir: join(root, 'http-store'),
      user: 'ingest',
      password: 'pw',
    })
    const store = new ServerStore({ url: server.url, username: 'ingest', password: 'pw' })
    await migrate(store)
    const groupId = `chfail-${suffix}`
    const ingest = await startIngest(store, {
      brokers: brokers.split(','),
      groupId,
      spansTopic,
      logsTopic,
      maxUnitMessages: 8,
      retryInitialMs: 20,
      retryMaxMs: 200,
    })
    await produce(kafka, spansTopic, messages.slice(0, 40))
    server.loseInsertResponses(3) // inserted, but the client sees a failure
    await produce(kafka, spansTopic, messages.slice(40, 60))
    server.failNext(6) // refused outright
    await produce(kafka, spansTopic, messages.slice(60))
    await until('the consumer group to commit every offset', () => caughtUp(kafka, groupId, spansTopic))
    await ingest.stop()
    const [row] = await store.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    expect({ stored: Number(row?.n), distinct: Number(row?.distinct) }).toEqual({ stored: spans, distinct: spans })
    expect(ingest.metrics.insertRetries).toBeGreaterThanOrEqual(3)
    await store.close()
    await server.close()
  })

  it('a unit that fails for good after its batch was handed back: fetched again from its intent, stored once', async () => {
    const brokers = inject('kafkaBrokers')
    const kafka = kafkaFor(brokers)
    const suffix = randomUUID().slice(0, 8)
    const spansTopic = `test-rewind-spans-${suffix}`
    const logsTopic = `test-rewind-logs-${suffix}`
    await createTopics(kafka, [spansTopic, logsTopic], 1)
    const { messages, spans } = await traceMessages(60, 50)
    const engine = await ChdbStore.open({ dataDir: join(root, 'rewind-store') })
    await migrate(engine)
    // Stands in for an unexpected failure (a bug, not a retriable engine error) of the second insert: it throws
    // before anything is stored, after its batch was released so the consumer has fetched on.
    let inserts = 0
    const store = new Proxy(engine, {
      get(target, property) {
        if (property === 'insertEncoded')
          return (...args: Parameters<typeof engine.insertEncoded>) => {
            if (++inserts === 2) throw new TypeError('the store stand-in fails once')
            return target.insertEncoded(...args)
          }
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await produce(kafka, spansTopic, messages.slice(0, 20))
    const logs: string[] = []
    const groupId = `rewind-${suffix}`
    const ingest = await startIngest(
      store,
      { brokers: brokers.split(','), groupId, spansTopic, logsTopic },
      (level, message) => logs.push(`${level} ${message}`),
    )
    await produce(kafka, spansTopic, messages.slice(20, 40))
    await produce(kafka, spansTopic, messages.slice(40))
    await until('the consumer group to commit every offset', () => caughtUp(kafka, groupId, spansTopic))
    await ingest.stop()
    const [row] = await engine.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    expect({ stored: Number(row?.n), distinct: Number(row?.distinct) }).toEqual({ stored: spans, distinct: spans })
    expect(inserts).toBeGreaterThan(2)
    expect(ingest.metrics.unitRewinds).toBe(1)
    expect(logs, logs.join('\n')).toContain('error storing a unit failed; its partition is fetched again from it')
    await engine.close()
  })
})
