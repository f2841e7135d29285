// Every long-running command ends in the same stage runner: `tracehound
// detect --follow --metrics-port 0` serves /metrics and /healthz while it
// runs, logs JSON lines, and on SIGTERM stops once and exits 0.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTraces } from '../../store/test/support/generate-spans.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-stage-runner-'))
const data = join(root, 'store')
const FROM = 1_795_600_800

beforeAll(async () => {
  const store = await ChdbStore.open({ dataDir: data })
  await migrate(store)
  const { spans } = generateTraces({
    traces: 300,
    startNanos: BigInt(FROM) * 1_000_000_000n,
    spanNanos: 5n * 60n * 1_000_000_000n,
  })
  await store.insert('otel_traces', spans, { dedupToken: 'stage-runner' })
  await store.close()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the stage runner', () => {
  it('detect --follow serves /metrics and /healthz, and SIGTERM stops it cleanly', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'detect',
        '--follow',
        '--from',
        String(FROM),
        '--lateness-seconds',
        '1',
        '--data',
        data,
        '--metrics-port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const logLines = () =>
      stderr
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    while (!logLines().some((l) => l['msg'] === 'metrics listening'))
      await new Promise((resolve) => setTimeout(resolve, 100))
    const url = String(logLines().find((l) => l['msg'] === 'metrics listening')!['url']).replace(/\/metrics$/, '')
    let detectedUntil = 0
    while (detectedUntil <= FROM) {
      const text = await (await fetch(`${url}/metrics`)).text()
      detectedUntil = Number(/^tracehound_detect_detected_until_seconds (\d+)$/m.exec(text)?.[1] ?? 0)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', detected_until: expect.any(Number) })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(logLines().map((l) => [l['stage'], l['msg']])).toEqual(
      expect.arrayContaining([
        ['detect', 'stopping'],
        ['detect', 'stopped'],
      ]),
    )
    expect(logLines().find((l) => l['msg'] === 'stopping')).toMatchObject({ signal: 'SIGTERM' })
  })
})
