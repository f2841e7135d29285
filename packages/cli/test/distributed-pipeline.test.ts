// The distributed path as separate processes, the way a team runs it:
// `tracehound gateway` (OTLP/HTTP → Kafka) and `tracehound ingest` (Kafka →
// store) on the real broker, fed by spans the OpenTelemetry SDK serialized.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChdbStore } from '@tracehound/store'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { caughtUp, createTopics, kafkaFor, until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'
import { recordSpans, traceProto } from '../../otlp/test/support/sdk-payloads.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-distributed-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  children.push(child)
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  return { child, stderr: () => err }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve))

describe('gateway → Kafka → ingest → store, as processes', () => {
  it('every span posted to the gateway is stored once', async () => {
    const brokers = inject('kafkaBrokers')
    const kafka = kafkaFor(brokers)
    const suffix = randomUUID().slice(0, 8)
    const topics = { spans: `e2e-spans-${suffix}`, logs: `e2e-logs-${suffix}` }
    await createTopics(kafka, [topics.spans, topics.logs])
    const token = 'e2e-token-123456'
    const gateway = start(
      ['gateway', '--kafka', brokers, '--port', '0', '--spans-topic', topics.spans, '--logs-topic', topics.logs],
      { TRACEHOUND_GATEWAY_TOKEN: token },
    )
    await until('the gateway to listen', async () => /gateway listening/.test(gateway.stderr()), 30_000)
    const url = /"url":"([^"]+)"/.exec(gateway.stderr())?.[1]
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    let posted = 0
    for (let i = 0; i < 20; i++) {
      const spans = await recordSpans()
      const res = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        body: Buffer.from(traceProto(spans)),
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${token}` },
      })
      expect(res.status).toBe(200)
      posted += spans.length
    }

    const dataDir = join(root, 'store')
    const groupId = `e2e-${suffix}`
    const ingest = start([
      'ingest',
      '--kafka',
      brokers,
      '--data',
      dataDir,
      '--group',
      groupId,
      '--spans-topic',
      topics.spans,
      '--logs-topic',
      topics.logs,
      // The smallest fetch: more fetches and units than the default, and the flag reaches the stage.
      '--fetch-mib',
      '1',
    ])
    await until('ingest to catch up', () => caughtUp(kafka, groupId, topics.spans), 90_000)
    ingest.child.kill('SIGTERM')
    gateway.child.kill('SIGTERM')
    expect(await exited(ingest.child), ingest.stderr()).toBe(0)
    expect(await exited(gateway.child), gateway.stderr()).toBe(0)

    const store = await ChdbStore.open({ dataDir })
    const [row] = await store.query<{ n: number; distinct: number }>(
      'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
    )
    await store.close()
    expect({ n: Number(row?.n), distinct: Number(row?.distinct) }).toEqual({ n: posted, distinct: posted })
    expect(ingest.stderr()).toContain('"msg":"stopped"')
  }, 180_000)
})
