// Silences and inhibition on the real engine: muted findings never reach a
// receiver; an expired silence lets them through.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fingerprintOf, type Finding } from '@tracehound/detector'
import { toRow as findingToRow } from '../../detector/src/findings-table.ts'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addSilence, AlertRouter, expireSilence, listSilences, parseAlertsConfig } from '../src/index.ts'
import { startStandIn, type StandIn } from './support/receiver-stand-ins.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-noise-'))
let store: ChdbStore
let hook: StandIn
const T0 = Date.parse('2026-11-23T12:00:00Z')
let now = T0 + 60_000

function finding(kind: Finding['kind'], service: string): Finding {
  const entity = { service }
  const fingerprint = fingerprintOf(kind, entity)
  return {
    id: `${fingerprint.slice(0, 16)}-1`,
    fingerprint,
    kind,
    severity: 'high',
    score: 2,
    entity,
    window: { start: new Date(T0 - 60_000).toISOString(), end: new Date(T0).toISOString() },
    status: 'open',
    detectedAt: new Date(T0).toISOString(),
    summary: `${kind} on ${service}`,
    evidence: { observed: {}, baseline: {}, sampleTraceIds: [] },
  }
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  hook = await startStandIn('webhook', { status: 200, body: '{}' })
  const findings = [
    finding('lateral_movement', 'orders'),
    finding('new_edge', 'orders'),
    finding('new_edge', 'payments'),
    finding('endpoint_abuse', 'orders'),
  ]
  await store.insert(
    'findings',
    findings.map((f, i) => findingToRow(f, i + 1)),
  )
})
afterAll(async () => {
  await hook.close()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const notifiedKinds = (): string[] =>
  hook.received
    .flatMap((r) =>
      (JSON.parse(r.body) as { findings: { kind: string; entity: { service: string } }[] }).findings.map(
        (f) => `${f.kind}@${f.entity.service}`,
      ),
    )
    .sort()

describe('silences and inhibition', () => {
  it('mutes silenced findings and findings inhibited by a related open finding', async () => {
    const { config, secrets } = parseAlertsConfig(
      `alerts:
  route: { receiver: siem, group_by: [fingerprint], group_wait: 0s }
  inhibit_rules:
    - source_matchers: ['kind=lateral_movement']
      target_matchers: ['kind=new_edge']
      equal: [service]
  receivers:
    - { name: siem, type: webhook, url: '${hook.url}/hook' }
`,
      'test.yaml',
      {},
    )
    const silence = await addSilence(
      store,
      {
        matchers: ['kind=endpoint_abuse', 'service=orders'],
        durationMs: 3_600_000,
        createdBy: 'test',
        comment: 'known load test',
      },
      now,
    )
    expect((await listSilences(store, now)).map((s) => s.id)).toEqual([silence.id])
    const router = new AlertRouter(store, config, secrets, { now: () => now })
    await router.enqueue()
    await router.dispatch()
    expect(notifiedKinds()).toEqual(['lateral_movement@orders', 'new_edge@payments'])

    expect(await expireSilence(store, silence.id, now + 1000)).toBe(true)
    now += 2000
    expect(await listSilences(store, now)).toEqual([])
    await router.enqueue()
    await router.dispatch()
    expect(notifiedKinds()).toEqual(['endpoint_abuse@orders', 'lateral_movement@orders', 'new_edge@payments'])
  })

  it('refuses a silence without valid matchers', async () => {
    await expect(addSilence(store, { matchers: [], durationMs: 1000, createdBy: 't', comment: '' })).rejects.toThrow(
      /at least one matcher/,
    )
    await expect(
      addSilence(store, { matchers: ['colour=red'], durationMs: 1000, createdBy: 't', comment: '' }),
    ).rejects.toThrow(/matcher "colour=red": expected/)
  })
})
