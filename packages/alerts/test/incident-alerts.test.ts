// Alerts per incident (the default grouping): the findings of one attack
// page once — PagerDuty gets one dedup_key per incident, a finding joining it
// later updates that page instead of opening another, and the incident
// resolves when its findings do. Slack names the incident (with a bot token,
// one message edited as the incident changes); the webhook carries it. A finding no incident holds yet waits for one, then goes alone.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fingerprintOf, type Finding, type FindingKind } from '@tracehound/detector'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toRow as findingToRow } from '../../detector/src/findings-table.ts'
import { groupIncidents } from '../../detector/src/group-incidents.ts'
import { LINK_KINDS } from '../../detector/src/incident-links.ts'
import { incidentToRow } from '../../detector/src/incidents-table.ts'
import { AlertRouter, parseAlertsConfig } from '../src/index.ts'
import { startStandIn, type StandIn } from './support/receiver-stand-ins.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-incident-alerts-'))
let store: ChdbStore
let slack: StandIn
let pagerduty: StandIn
let webhook: StandIn
let slackApi: StandIn
const T0 = Date.parse('2026-11-23T12:00:00Z')
let now = T0
let version = 1

function finding(kind: FindingKind, entity: Finding['entity'], minute = 0): Finding {
  const fingerprint = fingerprintOf(kind, entity)
  return {
    id: `${fingerprint.slice(0, 16)}-1`,
    fingerprint,
    kind,
    severity: kind === 'enumeration' ? 'critical' : 'high',
    score: 3,
    entity,
    window: {
      start: new Date(T0 + (minute - 1) * 60_000).toISOString(),
      end: new Date(T0 + minute * 60_000).toISOString(),
    },
    status: 'open',
    detectedAt: new Date(T0).toISOString(),
    summary: `${kind} by ${entity.user ?? ''}`,
    evidence: {
      observed: { requests: 300 },
      baseline: { expected: 3 },
      sampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    },
  }
}

/** Stores findings and the incidents the detector groups them into (what detectRange does). */
async function detected(findings: Finding[]): Promise<void> {
  await store.insert(
    'findings',
    findings.map((f) => findingToRow(f, version++)),
  )
  const incidents = groupIncidents(findings, { gapSeconds: 900, links: LINK_KINDS, edges: new Set() })
  await store.insert(
    'incidents',
    incidents.map((i) => incidentToRow(i, version++)),
  )
}

const abuse = finding('endpoint_abuse', { service: 'gateway', endpoint: 'GET /api/orders/:id', user: 'user-3' })
const enumeration = finding('enumeration', { service: 'orders', endpoint: 'GET /orders/:id', user: 'user-3' })
// Detected a minute later: a later finding never moves an incident's seed, so its id stays.
const joining = finding('endpoint_abuse', { service: 'users', endpoint: 'GET /users/:id', user: 'user-3' }, 1)
const pages = () =>
  pagerduty.received.map(
    (r) => JSON.parse(r.body) as { event_action: string; dedup_key: string; payload?: { summary: string } },
  )

let router: AlertRouter
beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  slack = await startStandIn('slack', { status: 200, body: 'ok' })
  pagerduty = await startStandIn('pagerduty', { status: 202, body: '{"status":"success"}' })
  webhook = await startStandIn('webhook', { status: 200, body: '{}' })
  // Slack's Web API as a bot token sees it: chat.postMessage and chat.update answer with the message's channel and ts.
  slackApi = await startStandIn('slack-api', {
    status: 200,
    body: '{"ok":true,"channel":"C0SEC","ts":"1795000000.000100"}',
  })
  // The defaults: grouped by incident, group_wait 30s, group_interval 5m.
  const { config, secrets } = parseAlertsConfig(
    `alerts:
  route:
    receiver: oncall
    continue: true
    routes:
      - { receiver: oncall, continue: true }
      - { receiver: team, continue: true }
      - { receiver: team-bot, continue: true }
      - { receiver: siem }
  receivers:
    - { name: oncall, type: pagerduty, routing_key: pd-key-1, url: "${pagerduty.url}/v2/enqueue" }
    - { name: team, type: slack, webhook_url: "${slack.url}/hook" }
    - { name: team-bot, type: slack, token: xoxb-test-token, channel: "#security", api_url: "${slackApi.url}/api/chat.postMessage" }
    - { name: siem, type: webhook, url: "${webhook.url}/hook" }
`,
    'test.yaml',
    {},
  )
  router = new AlertRouter(store, config, secrets, { now: () => now })
})

afterAll(async () => {
  await Promise.all([slack.close(), pagerduty.close(), webhook.close(), slackApi.close()])
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const cycle = async (): Promise<void> => {
  await router.enqueue()
  await router.dispatch()
}

describe('alerts per incident', () => {
  it('two findings of one attack page once, as the incident', async () => {
    await detected([abuse, enumeration])
    await cycle()
    expect(pages()).toEqual([]) // group_wait
    now += 31_000
    await cycle()
    expect(pages()).toHaveLength(1)
    const [page] = pages()
    expect(page!.event_action).toBe('trigger')
    expect(page!.dedup_key).toMatch(/^inc-[0-9a-f]{16}$/)
    expect(page!.payload!.summary).toMatch(/^incident: user-3: endpoint abuse, enumeration/)
    expect(slack.received).toHaveLength(1)
    expect(slack.received[0]!.body).toContain('Incident: user-3: endpoint abuse, enumeration')
    const hook = JSON.parse(webhook.received[0]!.body) as {
      incident: { id: string; finding_ids: string[] }
      findings: unknown[]
    }
    expect(hook.incident.id).toBe(page!.dedup_key)
    expect(hook.incident.finding_ids).toHaveLength(2)
    expect(hook.findings).toHaveLength(2)
  })

  it('a finding joining the incident later updates the same page; it never opens another', async () => {
    const first = pages()[0]!.dedup_key
    now += 60_000
    await detected([abuse, enumeration, joining])
    await cycle()
    expect(pages()).toHaveLength(1) // within group_interval
    now += 5 * 60_000
    await cycle()
    expect(pages().map((p) => [p.event_action, p.dedup_key])).toEqual([
      ['trigger', first],
      ['trigger', first],
    ])
    expect(slack.received.at(-1)!.body).toMatch(/Incident update \(changed\): user-3: /)
    // With a bot token the incident is one Slack message: the update edits it (chat.update, same channel and ts).
    expect(slackApi.received.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.update'])
    const posted = JSON.parse(slackApi.received[0]!.body) as {
      channel: string
      metadata: { event_payload: { incident_id: string } }
    }
    expect(posted.channel).toBe('#security')
    expect(posted.metadata.event_payload.incident_id).toBe(first)
    const edited = JSON.parse(slackApi.received[1]!.body) as { channel: string; ts: string; text: string }
    expect([edited.channel, edited.ts]).toEqual(['C0SEC', '1795000000.000100'])
    expect(edited.text).toMatch(/Incident update \(changed\): user-3: .* — 3 findings/)
    expect(slackApi.received[1]!.headers['authorization']).toBe('Bearer xoxb-test-token')
  })

  it('the incident resolves when its findings do', async () => {
    const first = pages()[0]!.dedup_key
    now += 60_000
    await detected([abuse, enumeration, joining].map((f) => ({ ...f, status: 'resolved' as const })))
    now += 5 * 60_000
    await cycle()
    expect(pages().at(-1)).toEqual({ routing_key: 'pd-key-1', event_action: 'resolve', dedup_key: first })
    // The same Slack message says it resolved.
    expect(slackApi.received.at(-1)!.path).toBe('/api/chat.update')
    expect((JSON.parse(slackApi.received.at(-1)!.body) as { text: string }).text).toMatch(/Resolved incident: user-3/)
  })

  it('a finding no incident holds yet waits for one, then is routed on its own', async () => {
    const lone = finding('new_edge', { service: 'notifications', edge: { from: 'notifications', to: 'vault' } })
    await store.insert('findings', [findingToRow(lone, version++)])
    const before = pages().length
    await cycle()
    now += 60_000
    await cycle()
    expect(pages()).toHaveLength(before)
    now += AlertRouter.INCIDENT_WAIT_MS + 31_000
    await cycle()
    now += 31_000
    await cycle()
    expect(pages()).toHaveLength(before + 1)
    expect(pages().at(-1)!.dedup_key).toBe(lone.fingerprint)
    // Not an incident: a message of its own, never an edit of another.
    expect(slackApi.received.at(-1)!.path).toBe('/api/chat.postMessage')
  })
})
