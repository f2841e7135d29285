// The detector on the real engine: an ordinary hour, then one minute of
// labelled attacks. Each attack is found, with evidence; the ordinary minutes
// before it give nothing; a replay of the same range gives the same findings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectRange, listFindings, type Finding } from '../src/index.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-detect-'))
let store: ChdbStore
const ATTACK = BASE_SECONDS + 60 * 60 // after an hour of ordinary traffic

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(11)
  traffic.normal(BASE_SECONDS, 62)
  // Scraping + enumeration: one user walks order ids, mostly refused.
  for (let i = 0; i < 300; i++) {
    traffic.request({
      at: ATTACK + i * 0.19,
      service: 'orders',
      caller: 'gateway',
      method: 'GET',
      route: '/orders/:id',
      path: `/orders/${5000 + i}`,
      status: i % 4 === 0 ? 200 : 403,
      user: 'user-3',
      client: '10.0.3.3',
    })
  }
  // Credential stuffing: one address, many usernames, failed logins.
  for (let i = 0; i < 60; i++) {
    traffic.request({
      at: ATTACK + i * 0.9,
      service: 'auth',
      caller: 'gateway',
      method: 'POST',
      route: '/login',
      path: '/login',
      status: 401,
      user: `victim-${i % 30}`,
      client: '203.0.113.9',
    })
  }
  // A compromised orders service calls two services it never called.
  for (const target of ['billing-admin', 'vault']) {
    traffic.request({
      at: ATTACK + 5,
      service: target,
      caller: 'orders',
      method: 'GET',
      route: '/internal/export',
      path: '/internal/export',
      status: 200,
      user: '',
      client: '10.1.0.7',
    })
  }
  // A service without correlation ids, and one leaking a credential into a span.
  for (let i = 0; i < 30; i++)
    traffic.request({
      at: ATTACK + i,
      service: 'legacy',
      method: 'GET',
      route: '/ping',
      path: '/ping',
      status: 200,
      user: '',
      client: '10.2.0.1',
      correlation: false,
    })
  traffic.request({
    at: ATTACK + 10,
    service: 'users',
    caller: 'gateway',
    method: 'GET',
    route: '/users/:id/profile',
    path: '/users/1/profile',
    status: 200,
    user: 'user-1',
    client: '10.0.1.1',
    extraAttributes: { 'http.request.header.x-debug': `Bearer ${'abcdefghijklmnopqrstuvwxyz012345'}` },
  })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `traffic-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const byKind = (findings: Finding[]) => new Map(findings.map((f) => [f.kind, f]))

describe('detect over an event-time range', () => {
  it('ordinary minutes after the learning period give no findings', async () => {
    const report = await detectRange(store, { from: BASE_SECONDS + 40 * 60, to: BASE_SECONDS + 50 * 60 })
    expect(report.windows).toBe(10)
    expect(report.findings.map((f) => `${f.kind}: ${f.summary}`)).toEqual([])
  })

  it('finds each injected attack in its minute, with evidence', async () => {
    const report = await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const found = byKind(report.findings)
    expect([...found.keys()].sort()).toEqual(
      [
        'auth_failures',
        'endpoint_abuse',
        'enumeration',
        'lateral_movement',
        'missing_correlation_id',
        'new_edge',
        'rate_spike',
        'secret_leak',
        'shadow_endpoint',
      ].sort(),
    )
    // The scraper's 300 extra requests are also a volume spike on the endpoint it scraped.
    expect(report.findings.filter((f) => f.kind === 'rate_spike').map((f) => f.entity)).toEqual(
      expect.arrayContaining([{ service: 'orders', endpoint: 'GET /orders/:id' }]),
    )

    const abuse = found.get('endpoint_abuse')!
    expect(abuse.entity).toEqual({ service: 'orders', endpoint: 'GET /orders/:id', user: 'user-3' })
    expect(abuse.evidence.observed['requestsPerMinute']).toBeGreaterThan(250)
    expect(abuse.evidence.sampleTraceIds.length).toBeGreaterThan(0)
    // The correlation id of each sample trace (the test traffic's ids are c-<first 12 hex of the trace id>).
    expect(abuse.evidence.sampleCorrelationIds?.sort()).toEqual(
      abuse.evidence.sampleTraceIds.map((t) => `c-${t.slice(0, 12)}`).sort(),
    )
    // Samples are read for the principal a finding names only (principal-samples.ts): its ids, its traces.
    const enumeration = found.get('enumeration')!
    expect(enumeration.evidence.sampleTraceIds.length).toBeGreaterThan(0)
    expect(enumeration.evidence.observed['sampleObjectIds']).toMatch(/^\d+(,\d+)*$/)
    // A service that sets no correlation ids has none to show.
    expect(found.get('missing_correlation_id')?.evidence.sampleCorrelationIds).toBeUndefined()
    expect(abuse.summary).toMatch(
      /user user-3 made \d+ requests in 1 min to orders GET \/orders\/:id, [\d.]+× the [\d.]+ expected from the (own history|endpoint population)/,
    )

    expect(found.get('enumeration')?.evidence.observed['denied']).toBe(225)
    // Per address, and endpoint-wide (the failures across addresses are far above the endpoint's norm too).
    expect(report.findings.filter((f) => f.kind === 'auth_failures').map((f) => f.entity)).toEqual(
      expect.arrayContaining([{ service: 'auth', endpoint: 'POST /login', user: '203.0.113.9' }]),
    )
    const edges = report.findings.filter((f) => f.kind === 'new_edge').map((f) => f.entity.edge)
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: 'orders', to: 'billing-admin' },
        { from: 'orders', to: 'vault' },
      ]),
    )
    expect(found.get('lateral_movement')?.entity).toEqual({ service: 'orders' })
    expect(found.get('missing_correlation_id')?.entity).toEqual({ service: 'legacy' })
    expect(found.get('secret_leak')?.summary).toContain('span attribute http.request.header.x-debug')
    for (const f of report.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/)
  })

  it('stores findings; re-running the range updates them instead of duplicating, and they resolve when the attack stops', async () => {
    const first = await listFindings(store)
    await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const again = await listFindings(store)
    expect(again.map((f) => f.id).sort()).toEqual(first.map((f) => f.id).sort())
    await detectRange(store, { from: ATTACK + 60, to: ATTACK + 7 * 60 })
    const later = await listFindings(store)
    expect(later.every((f) => f.status === 'resolved')).toBe(true)
  })
})
