// `tracehound gateway` runs itself again with a capped V8 young generation
// (young-generation.ts): the child serves, signals reach it through the
// parent, and it stops when the parent dies — it must never outlive it
// holding the port.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeTracesProto } from '@tracehound/otlp'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'
import { recordSpans, traceProto } from '../../otlp/test/support/sdk-payloads.ts'
import { supportedV8Flags } from '../src/commands/supported-v8-flags.ts'
import {
  GATEWAY_V8_FLAGS,
  SEMI_SPACE_MIB,
  semiSpaceMib,
  youngGenerationChosen,
} from '../src/commands/young-generation.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const children: ChildProcess[] = []
const pids: number[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  for (const pid of pids) alive(pid) && process.kill(pid, 'SIGKILL')
})

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A gateway whose Kafka never answers: it listens all the same. */
async function gateway(
  ...extra: string[]
): Promise<{ parent: ChildProcess; child: number; url: string; stderr: () => string }> {
  const parent = spawn(process.execPath, [BIN, 'gateway', '--kafka', '127.0.0.1:9', '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  children.push(parent)
  let err = ''
  parent.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  await until('the gateway to listen', async () => /gateway listening/.test(err), 30_000)
  const capped = JSON.parse(err.split('\n').find((l) => l.includes('young generation capped'))!) as {
    max_semi_space_mib: number
    v8_flags: string[]
    pid: number
  }
  pids.push(capped.pid)
  expect(capped.max_semi_space_mib).toBe(SEMI_SPACE_MIB)
  // This Node (24) knows the external-memory flag: the child runs with it.
  expect(capped.v8_flags).toEqual([...GATEWAY_V8_FLAGS])
  expect(capped.pid).not.toBe(parent.pid)
  return { parent, child: capped.pid, url: /"url":"([^"]+)"/.exec(err)![1]!, stderr: () => err }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve))

describe('tracehound gateway', () => {
  it('serves from a child with a 4 MiB semispace; SIGTERM stops both, exit code 0', async () => {
    const g = await gateway()
    expect((await fetch(`${g.url}/healthz`)).status).toBe(200)
    g.parent.kill('SIGTERM')
    expect(await exited(g.parent), g.stderr()).toBe(0)
    expect(g.stderr()).toContain('"msg":"stopped"')
    await until('the child to exit', async () => !alive(g.child), 10_000)
  })

  it('a parent killed with SIGKILL takes the child down (it stops as on SIGTERM)', async () => {
    const g = await gateway()
    g.parent.kill('SIGKILL')
    await exited(g.parent)
    await until('the child to exit', async () => !alive(g.child), 10_000)
    await expect(fetch(`${g.url}/healthz`)).rejects.toThrow()
  })

  it('--spool-dir: acknowledges while Kafka never answers, and leaves the spool on disk for the next run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracehound-cli-spool-'))
    const g = await gateway('--spool-dir', dir)
    expect(g.stderr()).toContain('spool open')
    const res = await fetch(`${g.url}/v1/traces`, {
      method: 'POST',
      body: Buffer.from(traceProto(await recordSpans())),
      headers: { 'content-type': 'application/x-protobuf' },
    })
    expect(res.status).toBe(200)
    expect(await (await fetch(`${g.url}/metrics`)).text()).toMatch(/tracehound_gateway_spool_pending_bytes [1-9]/)
    g.parent.kill('SIGTERM')
    expect(await exited(g.parent), g.stderr()).toBe(0)
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool'))).toHaveLength(1)
  }, 60_000)

  it('--spool-dir: what was acknowledged survives kill -9, and the next gateway delivers every span once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracehound-cli-spool-kill-'))
    const topic = `cli-spool-kill-${process.pid}-${Date.now()}`
    const g = await gateway('--spool-dir', dir, '--spans-topic', topic)
    const sent: string[] = []
    for (let i = 0; i < 5; i++) {
      const spans = await recordSpans()
      const res = await fetch(`${g.url}/v1/traces`, {
        method: 'POST',
        body: Buffer.from(traceProto(spans)),
        headers: { 'content-type': 'application/x-protobuf' },
      })
      expect(res.status).toBe(200)
      sent.push(...spans.map((s) => s.spanContext().spanId))
    }
    // No goodbye: the child and its parent die mid-flight, the segment still open.
    process.kill(g.child, 'SIGKILL')
    g.parent.kill('SIGKILL')
    await exited(g.parent)

    const next = spawn(
      process.execPath,
      [BIN, 'gateway', '--kafka', inject('kafkaBrokers'), '--port', '0', '--spool-dir', dir, '--spans-topic', topic],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
    )
    children.push(next)
    let err = ''
    next.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    await until('the next gateway to listen', async () => /gateway listening/.test(err), 30_000)
    expect(err).toContain('delivering segments left by an earlier run')
    const kafka = new Kafka({
      clientId: 'cli-spool-kill',
      brokers: inject('kafkaBrokers').split(','),
      logLevel: logLevel.NOTHING,
    })
    const consumer = kafka.consumer({ groupId: `reader-${topic}` })
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    const got: string[] = []
    await consumer.run({
      eachMessage: async ({ message }) => {
        for (const row of decodeTracesProto(message.value ?? Buffer.alloc(0))) got.push(row.SpanId)
      },
    })
    await until('every span in Kafka', async () => got.length >= sent.length, 30_000)
    await new Promise((r) => setTimeout(r, 500))
    await consumer.disconnect()
    expect(got.sort()).toEqual(sent.sort())
    next.kill('SIGTERM')
    expect(await exited(next), err).toBe(0)
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool'))).toEqual([])
  }, 90_000)

  it('passes on only the V8 flags this node accepts: an unknown one would stop the child at start-up', () => {
    expect(supportedV8Flags(['--external-memory-accounted-in-global-limit', '--no-such-v8-flag-at-all'])).toEqual([
      '--external-memory-accounted-in-global-limit',
    ])
    expect(supportedV8Flags([])).toEqual([])
  })

  it('knows a semispace chosen by the user, in node’s arguments or NODE_OPTIONS', () => {
    expect(semiSpaceMib(['--max-semi-space-size=8'], {})).toBe(8)
    expect(semiSpaceMib(['--max-semi-space-size', '4'], {})).toBe(4)
    expect(semiSpaceMib([], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=32' })).toBe(32)
    expect(semiSpaceMib(['--conditions=x'], { NODE_OPTIONS: '' })).toBeUndefined()
    expect(youngGenerationChosen({}, ['--max-semi-space-size=8'])).toBe(true)
    expect(youngGenerationChosen({ NODE_OPTIONS: '' }, [])).toBe(false)
  })
})
