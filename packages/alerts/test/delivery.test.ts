// Findings in the store → routed, grouped notifications in the durable outbox →
// stand-ins for Slack, PagerDuty and a webhook on 127.0.0.1. Covers 429 with
// Retry-After, 5xx, a refusing 4xx, a restart (no duplicate notification),
// resolution, and injection attempts in finding fields.
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fingerprintOf, type Finding } from '@tracehound/detector'
import { toRow as findingToRow } from '../../detector/src/findings-table.ts'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertRouter, parseAlertsConfig } from '../src/index.ts'
import { startStandIn, type StandIn } from './support/receiver-stand-ins.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-alerts-'))
let store: ChdbStore
let slack: StandIn
let pagerduty: StandIn
let webhook: StandIn
const T0 = Date.parse('2026-11-23T12:00:00Z')
let now = T0
let version = 1

function finding(
  kind: Finding['kind'],
  severity: Finding['severity'],
  service: string,
  summary: string,
  status: Finding['status'] = 'open',
): Finding {
  const entity = { service, endpoint: 'GET /orders/:id', user: 'user-<!channel>' }
  const fingerprint = fingerprintOf(kind, entity)
  return {
    id: `${fingerprint.slice(0, 16)}-1`,
    fingerprint,
    kind,
    severity,
    score: 3,
    entity,
    window: { start: new Date(T0 - 60_000).toISOString(), end: new Date(T0).toISOString() },
    status,
    detectedAt: new Date(T0).toISOString(),
    summary,
    evidence: {
      observed: { requestsPerMinute: 300 },
      baseline: { medianPerCaller: 2 },
      sampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    },
  }
}

const record = (f: Finding) => store.insert('findings', [findingToRow(f, version++)])
const router = () => new AlertRouter(store, config.config, config.secrets, { now: () => now })
let config: ReturnType<typeof parseAlertsConfig>

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  slack = await startStandIn('slack', { status: 200, body: 'ok' })
  pagerduty = await startStandIn('pagerduty', { status: 202, body: '{"status":"success","message":"Event processed"}' })
  webhook = await startStandIn('webhook', { status: 200, body: '{}' })
  config = parseAlertsConfig(
    `
alerts:
  environment: test
  route:
    receiver: team
    group_by: [kind, service]
    group_wait: 30s
    group_interval: 5m
    repeat_interval: 4h
    routes:
      - matchers: ['severity=critical']
        receiver: oncall
        continue: true
      - matchers: ['kind=~new_edge|lateral_movement']
        receiver: siem
  receivers:
    - name: team
      type: slack
      webhook_url: ${slack.url}/services/T0/B0/x
    - name: oncall
      type: pagerduty
      routing_key: \${PD_KEY}
      url: ${pagerduty.url}/v2/enqueue
    - name: siem
      type: webhook
      url: ${webhook.url}/hook
      hmac_secret: \${HOOK_SECRET}
`,
    'test.yaml',
    { PD_KEY: 'pd-routing-key-1', HOOK_SECRET: 'hook-secret-1' },
  )
})

afterAll(async () => {
  await Promise.all([slack.close(), pagerduty.close(), webhook.close()])
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Lets time pass until the outbox has nothing pending (retries are scheduled seconds ahead). */
async function drain(r: AlertRouter): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await r.dispatch()
    const [pending] = await store.query<{ n: number }>(
      "SELECT count() AS n FROM alert_outbox FINAL WHERE Status = 'pending'",
    )
    if (Number(pending?.n) === 0) return
    now += 5_000
  }
  throw new Error('outbox did not drain')
}

describe('alert delivery', () => {
  it('waits group_wait, then delivers through retries; refused requests are not retried', async () => {
    await record(finding('lateral_movement', 'critical', 'orders', 'orders opened 3 never-seen edges <!channel> *now*'))
    await record(finding('endpoint_abuse', 'high', 'orders', 'user <!channel> made 300 requests/min to *everything*'))
    const r = router()
    expect(await r.enqueue()).toBe(0) // inside group_wait
    now = T0 + 31_000
    // lateral_movement (critical): PagerDuty, then (continue) the SIEM webhook; endpoint_abuse: the default Slack receiver.
    expect(await r.enqueue()).toBe(3)
    pagerduty.script([{ status: 429, retryAfter: 2 }])
    slack.script([{ status: 503 }])
    webhook.script([{ status: 400, body: '{"error":"schema mismatch"}' }])
    const first = await r.dispatch()
    expect(first).toEqual({ sent: 0, retried: 2, dead: 1 })
    await drain(r)
    expect(pagerduty.received).toHaveLength(2)
    expect(slack.received).toHaveLength(2)
    expect(webhook.received).toHaveLength(1)

    const event = JSON.parse(pagerduty.received[1]!.body) as Record<string, unknown>
    expect(event).toMatchObject({
      routing_key: 'pd-routing-key-1',
      event_action: 'trigger',
      dedup_key: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    expect(event['payload']).toMatchObject({
      source: 'orders',
      severity: 'critical',
      class: 'lateral_movement',
      component: 'GET /orders/:id',
      group: 'orders',
    })
    expect(String((event['payload'] as Record<string, unknown>)['summary']).length).toBeLessThanOrEqual(1024)

    const message = JSON.parse(slack.received[1]!.body) as { blocks: { text?: { text: string } }[] }
    const text = JSON.stringify(message.blocks)
    expect(text).toContain('endpoint_abuse')
    expect(text).not.toContain('<!channel>')

    const hook = webhook.received[0]!
    const signature = createHmac('sha256', 'hook-secret-1')
      .update(`${hook.headers['x-tracehound-timestamp']}.${hook.body}`)
      .digest('hex')
    expect(hook.headers['x-tracehound-signature']).toBe(`sha256=${signature}`)
    const dead = await store.query<{ LastError: string }>(
      "SELECT LastError FROM alert_outbox FINAL WHERE Status = 'dead'",
    )
    expect(dead[0]?.LastError).toContain('400 {"error":"schema mismatch"}')
  })

  it('after a restart, nothing is sent twice; unchanged groups wait for repeat_interval', async () => {
    const restarted = router()
    now += 60_000
    expect(await restarted.enqueue()).toBe(0)
    expect(await restarted.dispatch()).toEqual({ sent: 0, retried: 0, dead: 0 })
  })

  it('escapes attacker-controlled text for Slack', async () => {
    const body = slack.received.map((r) => r.body).join('\n')
    expect(body).toContain('&lt;!channel&gt;')
  })

  it('resolves: PagerDuty gets a resolve with the same dedup_key', async () => {
    const critical = finding('lateral_movement', 'critical', 'orders', 'orders opened 3 never-seen edges', 'resolved')
    await record(critical)
    now += 60_000
    const r = router()
    expect(await r.enqueue()).toBeGreaterThanOrEqual(1)
    await drain(r)
    const last = JSON.parse(pagerduty.received.at(-1)!.body) as Record<string, unknown>
    expect(last).toEqual({ routing_key: 'pd-routing-key-1', event_action: 'resolve', dedup_key: critical.fingerprint })
  })
})
