// The gateway on 127.0.0.1 in front of the real broker: real SDK payloads are
// accepted and land in Kafka with every trace whole on the partition its
// trace id hashes to; every kind of bad request gets a clean 4xx and
// produces nothing.
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { decodeLogsProto, decodeTracesJson, decodeTracesProto } from '@tracehound/otlp'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { InFlightBudget, KafkaSink, partitionFor, startGateway, type GatewayHandle } from '../src/index.ts'
import { recordSpans, traceJson, traceProto } from '../../../packages/otlp/test/support/sdk-payloads.ts'

const suffix = randomUUID().slice(0, 8)
const spansTopic = `test-gw-spans-${suffix}`
const logsTopic = `test-gw-logs-${suffix}`
const TOKEN = 'gateway-test-token'
let gateway: GatewayHandle
let sink: KafkaSink
let kafka: Kafka

beforeAll(async () => {
  kafka = new Kafka({
    clientId: 'gateway-test',
    brokers: inject('kafkaBrokers').split(','),
    logLevel: logLevel.NOTHING,
  })
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({
    topics: [{ topic: spansTopic, numPartitions: 3 }, { topic: logsTopic }],
    waitForLeaders: true,
  })
  await admin.disconnect()
  sink = new KafkaSink(inject('kafkaBrokers').split(','), { spansTopic, logsTopic })
  gateway = await startGateway(sink, {
    port: 0,
    bearerToken: TOKEN,
    maxBodyBytes: 64 * 1024,
    maxDecompressedBytes: 256 * 1024,
  })
})
afterAll(async () => {
  await gateway.close()
  await sink.close()
})

const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : Buffer.from(body),
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
  })

async function topicMessages(topic: string): Promise<{ key: string; value: Buffer; partition: number }[]> {
  const admin = kafka.admin()
  await admin.connect()
  const offsets = await admin.fetchTopicOffsets(topic)
  await admin.disconnect()
  const total = offsets.reduce((n, o) => n + Number(o.high), 0)
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const out: { key: string; value: Buffer; partition: number }[] = []
  await consumer.run({
    eachMessage: async ({ message, partition }) =>
      void out.push({ key: message.key?.toString() ?? '', value: message.value ?? Buffer.alloc(0), partition }),
  })
  const deadline = Date.now() + 30_000
  while (out.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  await consumer.disconnect()
  return out
}

describe('OTLP/HTTP gateway → Kafka', () => {
  it('accepts protobuf, JSON and gzip; otlp_proto messages of whole traces, each on its trace id’s partition', async () => {
    const spans = [...(await recordSpans()), ...(await recordSpans())]
    const protoRes = await post('/v1/traces', traceProto(spans), { 'content-type': 'application/x-protobuf' })
    expect(protoRes.status).toBe(200)
    expect((await protoRes.arrayBuffer()).byteLength).toBe(0)
    const jsonRes = await post('/v1/traces', gzipSync(traceJson(spans)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    })
    expect(jsonRes.status).toBe(200)
    expect(await jsonRes.json()).toEqual({})

    const messages = await topicMessages(spansTopic)
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId))
    // The first request, before the producer knew the topic's partitions: one message per trace. Then
    // one message per partition the request's traces hash to.
    const partitionsHit = new Set([...traceIds].map((id) => partitionFor(id, 3)))
    expect(messages).toHaveLength(traceIds.size + partitionsHit.size)
    // One encoding on the topic whatever the client sent: the JSON request was re-encoded as protobuf.
    for (const message of messages) {
      expect(message.value[0], 'a protobuf message, not JSON').not.toBe(0x7b)
      const rows = decodeTracesProto(message.value)
      // Whole traces where the default partitioner puts their trace id as a key; keyed by one of them.
      for (const id of new Set(rows.map((r) => r.TraceId))) expect(partitionFor(id, 3)).toBe(message.partition)
      expect(rows.map((r) => r.TraceId)).toContain(message.key)
    }
    // Both requests, protobuf and re-encoded JSON, gave the same rows.
    const bySpan = (a: { SpanId: string }, b: { SpanId: string }) => a.SpanId.localeCompare(b.SpanId)
    const sent = decodeTracesJson(traceJson(spans))
    expect(messages.flatMap((m) => decodeTracesProto(m.value)).sort(bySpan)).toEqual([...sent, ...sent].sort(bySpan))
    expect(gateway.metrics.spans).toBe(spans.length * 2)
  })

  it('refuses bad requests cleanly and produces nothing', async () => {
    const before = (await topicMessages(spansTopic)).length
    const valid = traceProto(await recordSpans())
    const cases: [string, Promise<Response>, number, RegExp][] = [
      [
        'missing auth',
        fetch(`${gateway.url}/v1/traces`, {
          method: 'POST',
          body: Buffer.from(valid),
          headers: { 'content-type': 'application/x-protobuf' },
        }),
        401,
        /bearer token/,
      ],
      [
        'wrong content type',
        post('/v1/traces', valid, { 'content-type': 'text/plain' }),
        415,
        /application\/x-protobuf or application\/json/,
      ],
      [
        'truncated protobuf',
        post('/v1/traces', valid.subarray(0, valid.length - 5), { 'content-type': 'application/x-protobuf' }),
        400,
        /truncated protobuf/,
      ],
      [
        'oversized body',
        post('/v1/traces', new Uint8Array(100 * 1024), { 'content-type': 'application/x-protobuf' }),
        413,
        /65536-byte limit/,
      ],
      [
        'gzip bomb',
        post('/v1/traces', gzipSync(Buffer.alloc(10 * 1024 * 1024)), {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'gzip',
        }),
        413,
        /expands past/,
      ],
      [
        'broken JSON',
        post('/v1/traces', '{"resourceSpans": [', { 'content-type': 'application/json' }),
        400,
        /not valid JSON/,
      ],
      [
        'unknown encoding',
        post('/v1/traces', valid, { 'content-type': 'application/x-protobuf', 'content-encoding': 'br' }),
        415,
        /Content-Encoding br/,
      ],
    ]
    for (const [name, response, status, message] of cases) {
      const res = await response
      expect(res.status, name).toBe(status)
      const text = Buffer.from(await res.arrayBuffer()).toString('latin1')
      expect(text, name).toMatch(message)
    }
    expect((await fetch(`${gateway.url}/v1/traces`)).status).toBe(405)
    expect((await topicMessages(spansTopic)).length).toBe(before)
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).toContain(
      'tracehound_gateway_requests_total{path="/v1/traces",status="413"} 2',
    )
  })
})

/** A JSON logs request of `count` records of ~200 bytes each. */
const logsBody = (count: number, size = 200): string =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'big' } }] },
        scopeLogs: [
          {
            logRecords: Array.from({ length: count }, (_, i) => ({
              timeUnixNano: String(1_795_600_800_000_000_000n + BigInt(i)),
              body: { stringValue: `line ${i} ${'x'.repeat(size)}` },
            })),
          },
        ],
      },
    ],
  })

async function tinyTopic(): Promise<string> {
  const tiny = `test-gw-tiny-${randomUUID().slice(0, 8)}`
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({
    topics: [{ topic: tiny, configEntries: [{ name: 'max.message.bytes', value: '2048' }] }],
    waitForLeaders: true,
  })
  await admin.disconnect()
  return tiny
}

describe('messages the broker can take', () => {
  it('a logs batch larger than one message is split under the limit: every record stored once, in order', async () => {
    const tiny = await tinyTopic()
    const splitting = new KafkaSink(inject('kafkaBrokers').split(','), {
      spansTopic,
      logsTopic: tiny,
      maxMessageBytes: 1900,
    })
    const small = await startGateway(splitting, { port: 0, bearerToken: TOKEN })
    try {
      const response = await fetch(`${small.url}/v1/logs`, {
        method: 'POST',
        body: logsBody(40),
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      })
      expect(response.status).toBe(200)
      const messages = await topicMessages(tiny)
      expect(messages.length).toBeGreaterThanOrEqual(5)
      for (const m of messages) expect(m.value.length).toBeLessThanOrEqual(1900)
      const bodies = messages.flatMap((m) => decodeLogsProto(m.value)).map((r) => r.Body)
      expect(bodies).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(200)}`))
      // One record larger than a message on its own can never be produced: 400, said why, nothing produced.
      const huge = await fetch(`${small.url}/v1/logs`, {
        method: 'POST',
        body: logsBody(1, 5000),
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      })
      expect(huge.status).toBe(400)
      expect(((await huge.json()) as { message: string }).message).toMatch(/larger than the 1900-byte message limit/)
      expect(await topicMessages(tiny)).toHaveLength(messages.length)
    } finally {
      await small.close()
      await splitting.close()
    }
  })

  it('a topic that takes less than the gateway was told is a 400 (not a retriable 503), and nothing is produced', async () => {
    const tiny = await tinyTopic()
    const tinySink = new KafkaSink(inject('kafkaBrokers').split(','), { spansTopic, logsTopic: tiny })
    const small = await startGateway(tinySink, { port: 0, bearerToken: TOKEN })
    try {
      const response = await fetch(`${small.url}/v1/logs`, {
        method: 'POST',
        body: logsBody(40),
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      })
      expect(response.status).toBe(400)
      expect(response.headers.get('retry-after')).toBeNull()
      expect(((await response.json()) as { message: string }).message).toMatch(/refused for good/)
      expect(await topicMessages(tiny)).toEqual([])
    } finally {
      await small.close()
      await tinySink.close()
    }
  })
})

describe('the token guards every route but /healthz and /metrics', () => {
  it("extension routes (up's /api/*) answer 401 without the token, and are served with it", async () => {
    let served = 0
    const guarded = await startGateway(sink, { port: 0, bearerToken: TOKEN }, () => {}, {
      routes: (_req, res, path) => {
        if (path !== '/api/findings') return false
        served++
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]')
        return true
      },
    })
    try {
      const anonymous = await fetch(`${guarded.url}/api/findings`)
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
      expect(
        (await fetch(`${guarded.url}/api/findings`, { headers: { authorization: 'Bearer wrong-token-xxxxxxx' } }))
          .status,
      ).toBe(401)
      expect(served).toBe(0)
      const allowed = await fetch(`${guarded.url}/api/findings`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(allowed.status).toBe(200)
      expect(served).toBe(1)
      expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })
})

describe('in-flight budget (back-pressure)', () => {
  it('admits while under the limit, always admits one request, refuses past the limit', () => {
    const budget = new InFlightBudget(100)
    expect(budget.tryAcquire(500)).toBe(true) // nothing in flight: one oversized request may pass
    expect(budget.tryAcquire(1)).toBe(false)
    budget.release(500)
    expect(budget.tryAcquire(60)).toBe(true)
    expect(budget.tryAcquire(40)).toBe(true)
    expect(budget.tryAcquire(1)).toBe(false)
    budget.release(40)
    expect(budget.used).toBe(60)
  })
})
