// An `alerts` process SIGKILLed while a notification is on the wire: after a
// restart the group is still one notification (one outbox row, delivered),
// re-sent at most once because the first attempt never got its answer.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fingerprintOf, type Finding } from '@tracehound/detector'
import { toRow as findingToRow } from '../../detector/src/findings-table.ts'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, describe, expect, it } from 'vitest'
import { startStandIn } from '../../alerts/test/support/receiver-stand-ins.ts'
import { until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-alerts-crash-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

describe('alerts process crash mid-delivery', () => {
  it('restarts into the same single notification', async () => {
    const data = join(root, 'store')
    const store = await ChdbStore.open({ dataDir: data })
    await migrate(store)
    const entity = { service: 'orders' }
    const fingerprint = fingerprintOf('lateral_movement', entity)
    const now = new Date().toISOString()
    const finding: Finding = {
      id: `${fingerprint.slice(0, 16)}-1`,
      fingerprint,
      kind: 'lateral_movement',
      severity: 'critical',
      score: 2,
      entity,
      window: { start: now, end: now },
      status: 'open',
      detectedAt: now,
      summary: 'orders opened 3 never-seen edges',
      evidence: { observed: {}, baseline: {}, sampleTraceIds: [] },
    }
    await store.insert('findings', [findingToRow(finding, 1)])
    await store.close()

    const hook = await startStandIn('webhook', { status: 200, body: '{}' })
    hook.script([{ status: 200, delayMs: 60_000 }]) // the first delivery hangs: the process dies waiting for it
    const config = join(root, 'tracehound.yaml')
    writeFileSync(
      config,
      `alerts:\n  route: { receiver: siem, group_by: [fingerprint], group_wait: 0s }\n  receivers:\n    - { name: siem, type: webhook, url: '${hook.url}/hook' }\n`,
    )
    const start = (): ChildProcess => {
      const child = spawn(
        process.execPath,
        [BIN, 'alerts', '--config', config, '--data', data, '--interval-seconds', '1'],
        { stdio: 'ignore' },
      )
      children.push(child)
      return child
    }
    const first = start()
    await until('the first delivery to be on the wire', async () => hook.received.length >= 1, 30_000)
    first.kill('SIGKILL')
    await new Promise((resolve) => first.once('exit', resolve))

    const second = start()
    await until('the notification to be re-delivered', async () => hook.received.length >= 2, 30_000)
    await new Promise((resolve) => setTimeout(resolve, 4000)) // a few more cycles: nothing new may be sent
    second.kill('SIGTERM')
    await new Promise((resolve) => second.once('exit', resolve))
    await hook.close()

    expect(hook.received).toHaveLength(2)
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body) // the same notification, re-sent — not a second one
    const check = await ChdbStore.open({ dataDir: data })
    const rows = await check.query<{ Status: string }>('SELECT Status FROM alert_outbox FINAL')
    await check.close()
    expect(rows).toEqual([{ Status: 'sent' }])
  }, 120_000)
})
