// The gateway with a disk spool, in front of the real broker: requests are
// acknowledged once spooled and every span reaches Kafka once; with Kafka
// unreachable the gateway keeps acknowledging (the spool fills instead of
// clients failing), and a gateway started later on the same directory
// delivers all of it.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeTracesProto } from '@tracehound/otlp'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { KafkaSink, startGateway } from '../src/index.ts'
import { recordSpans, traceProto } from '../../../packages/otlp/test/support/sdk-payloads.ts'

const suffix = randomUUID().slice(0, 8)
let kafka: Kafka

beforeAll(() => {
  kafka = new Kafka({
    clientId: 'gateway-spool-test',
    brokers: inject('kafkaBrokers').split(','),
    logLevel: logLevel.NOTHING,
  })
})
afterAll(() => undefined)

async function createTopic(topic: string): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
  await admin.disconnect()
}

/** Span ids in the topic, once `count` are there (or after 30 s). */
async function spanIdsIn(topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const ids: string[] = []
  await consumer.run({
    eachMessage: async ({ message }) => {
      for (const row of decodeTracesProto(message.value ?? Buffer.alloc(0))) ids.push(row.SpanId)
    },
  })
  const deadline = Date.now() + 30_000
  while (ids.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  // A little longer: a duplicate would arrive now.
  await new Promise((r) => setTimeout(r, 500))
  await consumer.disconnect()
  return ids.sort()
}

/** A port nothing listens on: a broker that is down. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

async function postSpans(url: string, requests: number): Promise<string[]> {
  const sent: string[] = []
  for (let i = 0; i < requests; i++) {
    const spans = await recordSpans()
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      body: Buffer.from(traceProto(spans)),
      headers: { 'content-type': 'application/x-protobuf' },
    })
    expect(res.status).toBe(200)
    sent.push(...spans.map((s) => s.spanContext().spanId))
  }
  return sent.sort()
}

describe('gateway with a disk spool', () => {
  it('acknowledges once spooled; every span reaches Kafka once and the spool empties', async () => {
    const topic = `test-spool-spans-${suffix}`
    await createTopic(topic)
    const dir = await mkdtemp(join(tmpdir(), 'tracehound-gw-spool-'))
    const sink = new KafkaSink(inject('kafkaBrokers').split(','), { spansTopic: topic, spoolDir: dir })
    await sink.open()
    const gateway = await startGateway(sink, { port: 0 }, undefined, { metrics: () => sink.metricsText() })
    const sent = await postSpans(gateway.url, 20)
    expect(await spanIdsIn(topic, sent.length)).toEqual(sent)
    expect(sink.spool?.pendingBytes).toBe(0)
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toContain('tracehound_gateway_spool_pending_bytes 0')
    expect(metrics).toMatch(/tracehound_gateway_spool_delivered_total [1-9]/)
    await gateway.close()
    await sink.close()
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool'))).toEqual([])
  })

  it('with Kafka unreachable it keeps acknowledging; a gateway started later on the same spool delivers every span once', async () => {
    const topic = `test-spool-outage-${suffix}`
    await createTopic(topic)
    const dir = await mkdtemp(join(tmpdir(), 'tracehound-gw-spool-'))
    const down = new KafkaSink([`127.0.0.1:${await closedPort()}`], { spansTopic: topic, spoolDir: dir })
    await down.open()
    const first = await startGateway(down, { port: 0 })
    const sent = await postSpans(first.url, 10)
    expect(down.spool?.pendingBytes).toBeGreaterThan(0)
    // Still taking data, and saying why Kafka has none of it yet (once kafkajs gave up connecting).
    const deadline = Date.now() + 60_000
    while (down.spool?.lastError === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    const health = await (await fetch(`${first.url}/healthz`)).json()
    expect(health).toMatchObject({ status: 'ok', kafka: 'failing' })
    await first.close()
    await down.close(0)
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool')).length).toBeGreaterThan(0)

    const up = new KafkaSink(inject('kafkaBrokers').split(','), { spansTopic: topic, spoolDir: dir })
    await up.open()
    expect(await spanIdsIn(topic, sent.length)).toEqual(sent)
    await up.close()
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool'))).toEqual([])
  }, 120_000)
})

describe('a broker that stays down (no spool)', () => {
  it('is the pipeline’s fault once kafkajs runs out of retries: 503 + Retry-After, never a 400 that makes clients drop data', async () => {
    const sink = new KafkaSink([`127.0.0.1:${await closedPort()}`], { sendTimeoutMs: 60_000 })
    const gateway = await startGateway(sink, { port: 0 })
    const res = await fetch(`${gateway.url}/v1/traces`, {
      method: 'POST',
      body: Buffer.from(traceProto(await recordSpans())),
      headers: { 'content-type': 'application/x-protobuf' },
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
    await gateway.close()
    await sink.close()
  }, 90_000)
})
