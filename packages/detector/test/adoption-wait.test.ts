// A new endpoint whose first callers are named users without a history is
// judged when its wait for adoption is over, on the real engine: adopted if
// a user with a history called it meanwhile, a shadow endpoint if only fresh
// accounts did — also when the wait straddles an epoch's start (the new
// endpoint is then in the inventory the next epoch learned). One a bare
// address reaches is raised in its first window, as before.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, detectRange, type Finding } from '../src/index.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-adoption-'))
let store: ChdbStore
const NOW = BASE_SECONDS + 60 * 60 // an epoch starts here and every 10 minutes (under 2 h of history)
const WAIT = DEFAULT_DETECTOR_CONFIG.adoptionWaitSeconds

function call(traffic: Traffic, at: number, service: string, route: string, user: string, client: string): void {
  traffic.request({
    at,
    service,
    caller: 'gateway',
    method: 'GET',
    route,
    path: route.replace(':id', '7'),
    status: 200,
    user,
    client,
  })
}

let shadows: Finding[]

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(41)
  traffic.normal(BASE_SECONDS, 85)
  // Only a fresh account, twice: a shadow endpoint once the wait is over.
  call(traffic, NOW + 61, 'orders', '/orders/:id/gift-wrap', 'new-account-1', '198.51.100.1')
  call(traffic, NOW + 70, 'orders', '/orders/:id/gift-wrap', 'new-account-1', '198.51.100.1')
  // A fresh account first, then a user with a history: adoption.
  call(traffic, NOW + 62, 'users', '/users/:id/badges', 'new-account-2', '198.51.100.2')
  call(traffic, NOW + 200, 'users', '/users/:id/badges', 'user-3', '10.0.3.3')
  // First seen two minutes before the next epoch starts; judged in it.
  call(traffic, NOW + 8 * 60 + 5, 'orders', '/orders/:id/export-pdf', 'new-account-3', '198.51.100.3')
  // A bare address: raised in its first window.
  call(traffic, NOW + 63, 'users', '/internal/debug', '', '203.0.113.9')
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `adoption-${i}` })
  const report = await detectRange(store, { from: NOW, to: NOW + 20 * 60 })
  shadows = report.findings.filter((f) => f.kind === 'shadow_endpoint')
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const windowOf = (f: Finding): number => Date.parse(f.window.start) / 1000 - NOW

describe('waiting for adoption', () => {
  it('raises a route only fresh accounts call when the wait is over, and not before', () => {
    const giftWrap = shadows.filter((f) => f.entity.endpoint === 'GET /orders/:id/gift-wrap')
    expect(giftWrap.map(windowOf)).toEqual([60 + WAIT])
    expect(giftWrap[0]!.evidence.observed).toMatchObject({
      principals: 1,
      establishedUsers: 0,
      callers: 'new-account-1',
      waitedMinutes: WAIT / 60,
    })
    expect(giftWrap[0]!.evidence.sampleTraceIds.length).toBeGreaterThan(0)
    expect(giftWrap[0]!.summary).toContain('without a history')
  })

  it('a user with a history calling it during the wait is adoption', () => {
    expect(shadows.filter((f) => f.entity.endpoint === 'GET /users/:id/badges')).toEqual([])
  })

  it('a wait that straddles an epoch start is still judged', () => {
    const straddler = shadows.filter((f) => f.entity.endpoint === 'GET /orders/:id/export-pdf')
    expect(straddler.map(windowOf)).toEqual([8 * 60 + WAIT])
  })

  it('a route a bare address reaches is raised in its first window, once', () => {
    const debug = shadows.filter((f) => f.entity.endpoint === 'GET /internal/debug')
    expect(debug.map(windowOf)).toEqual([60])
  })
})
