// The alerts stage on the real engine: a finding in the store is routed into
// the outbox and delivered to a webhook on 127.0.0.1 (a stand-in for a
// customer's endpoint); /metrics counts it, and stop() does not wait out the
// interval. A failing store is a failed cycle in health and metrics, not a crash.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAlertsConfig } from '@tracehound/alerts'
import { fingerprintOf, type Finding } from '@tracehound/detector'
import { toRow as findingToRow } from '../../../packages/detector/src/findings-table.ts'
import { ChdbStore, migrate, type Store } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandIn, type StandIn } from '../../../packages/alerts/test/support/receiver-stand-ins.ts'
import { startAlerts } from '../src/index.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-alerts-stage-'))
let store: ChdbStore
let webhook: StandIn

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  webhook = await startStandIn('webhook', { status: 200, body: '{}' })
  const entity = { service: 'orders', endpoint: 'GET /orders/:id', user: 'user-3' }
  const fingerprint = fingerprintOf('endpoint_abuse', entity)
  const now = Date.now()
  const finding: Finding = {
    id: `${fingerprint.slice(0, 16)}-1`,
    fingerprint,
    kind: 'endpoint_abuse',
    severity: 'high',
    score: 3,
    entity,
    window: { start: new Date(now - 60_000).toISOString(), end: new Date(now).toISOString() },
    status: 'open',
    detectedAt: new Date(now).toISOString(),
    summary: 'user user-3 made 300 requests in 1 min',
    evidence: {
      observed: { requests: 300 },
      baseline: { expected: 3 },
      sampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    },
  }
  await store.insert('findings', [findingToRow(finding, 1)])
})

afterAll(async () => {
  await webhook.close()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}

describe('startAlerts', () => {
  it('routes and delivers a finding, counts it in /metrics, and stops at once', async () => {
    const { config, secrets } = parseAlertsConfig(
      `alerts:\n  route: { receiver: hook, group_by: [fingerprint], group_wait: 0s }\n  receivers:\n    - { name: hook, type: webhook, url: "${webhook.url}/hook" }\n`,
      'test.yaml',
    )
    const stage = startAlerts(store, { config, secrets, intervalMs: 100, log: () => {} })
    await until(() => webhook.received.length > 0 && stage.metrics().includes('tracehound_alerts_sent_total 1\n'))
    expect(JSON.parse(webhook.received[0]!.body)).toMatchObject({ status: 'firing' })
    expect(stage.metrics()).toContain('tracehound_alerts_enqueued_total 1\n')
    expect(stage.health()).toMatchObject({ ok: true })
    await stage.stop()
    expect(stage.health().ok).toBe(false)
  })

  it('a store that fails makes failed cycles, reported in health and metrics', async () => {
    const { config, secrets } = parseAlertsConfig(
      `alerts:\n  route: { receiver: hook }\n  receivers:\n    - { name: hook, type: webhook, url: "${webhook.url}/hook" }\n`,
      'test.yaml',
    )
    const broken: Store = {
      ...store,
      query: () => Promise.reject(new Error('store unreachable')),
      insert: () => Promise.reject(new Error('store unreachable')),
      close: () => Promise.resolve(),
    } as unknown as Store
    const logs: string[] = []
    const stage = startAlerts(broken, {
      config,
      secrets,
      intervalMs: 600_000,
      log: (_level, message) => logs.push(message),
    })
    await until(() => logs.length > 0)
    expect(logs).toEqual(['alerts cycle failed; retrying next cycle'])
    expect(stage.health()).toEqual({ ok: false, detail: { cycles: 0, last_error: 'store unreachable' } })
    expect(stage.metrics()).toContain('tracehound_alerts_failed_cycles_total 1\n')
    await stage.stop()
  })
})
