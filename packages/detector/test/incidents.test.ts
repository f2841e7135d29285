// Incidents on the real engine: a scraper seen at two hops (gateway and
// orders) is one incident; a second scraper in the same minute is another; a
// finding that comes later joins the open incident (same id); detecting the
// range again gives the same incidents.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectRange, listIncidents } from '../src/index.ts'
import { seededRandom } from '../../store/test/support/generate-spans.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-incidents-'))
let store: ChdbStore
const ATTACK = BASE_SECONDS + 60 * 60

/** One request through both hops: the gateway's route, then the orders service behind it. */
function order(traffic: Traffic, at: number, user: string, id: number, status: number): void {
  const client = `10.0.${id % 200}.${user.length}`
  traffic.request({
    at,
    service: 'gateway',
    method: 'GET',
    route: '/api/orders/:id',
    path: `/api/orders/${id}`,
    status,
    user,
    client,
  })
  traffic.request({
    at: at + 0.01,
    service: 'orders',
    caller: 'gateway',
    method: 'GET',
    route: '/orders/:id',
    path: `/orders/${id}`,
    status,
    user,
    client,
  })
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(31)
  const random = seededRandom(1)
  for (let m = 0; m < 63; m++) {
    for (let u = 0; u < 25; u++) {
      const count = 1 + Math.floor(random() * 3)
      for (let k = 0; k < count; k++)
        order(
          traffic,
          BASE_SECONDS + m * 60 + random() * 59,
          `user-${u}`,
          1000 + u * 10 + Math.floor(random() * 3),
          200,
        )
      if (random() < 0.3)
        traffic.request({
          at: BASE_SECONDS + m * 60 + random() * 59,
          service: 'users',
          caller: 'gateway',
          method: 'GET',
          route: '/users/:id/profile',
          path: `/users/${u}/profile`,
          status: 200,
          user: `user-${u}`,
          client: `10.0.${u}.7`,
        })
    }
  }
  // Two scrapers in the same minute, walking order ids, mostly refused.
  for (let i = 0; i < 300; i++) order(traffic, ATTACK + i * 0.19, 'user-3', 5000 + i, i % 4 === 0 ? 200 : 403)
  for (let i = 0; i < 200; i++) order(traffic, ATTACK + 1 + i * 0.25, 'user-9', 9000 + i, i % 3 === 0 ? 200 : 404)
  // The next minute, user-3 also walks user profiles: a new finding for the same actor.
  for (let i = 0; i < 200; i++)
    traffic.request({
      at: ATTACK + 60 + i * 0.25,
      service: 'users',
      caller: 'gateway',
      method: 'GET',
      route: '/users/:id/profile',
      path: `/users/${100 + i}/profile`,
      status: 403,
      user: 'user-3',
      client: '10.0.3.3',
    })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `incidents-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('incidents', () => {
  it('one attack at two hops is one incident; another principal in the same minute is another', async () => {
    const report = await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const byUser = (user: string) => report.incidents.filter((i) => i.users.includes(user))
    expect(byUser('user-3')).toHaveLength(1)
    expect(byUser('user-9')).toHaveLength(1)
    const three = byUser('user-3')[0]!
    expect(byUser('user-9')[0]!.id).not.toBe(three.id)
    expect(three.services).toEqual(expect.arrayContaining(['gateway', 'orders']))
    expect(three.hopPath.slice(0, 2)).toEqual(['gateway', 'orders'])
    expect(three.kinds).toEqual(expect.arrayContaining(['enumeration']))
    expect(three.title).toMatch(/^user-3: .*enumeration.* — gateway → orders/)
    expect(three.reasons).toContain('the same principal, user-3')
    // Every finding of the minute is in exactly one incident.
    const grouped = report.incidents.flatMap((i) => i.findingIds)
    expect(new Set(grouped).size).toBe(grouped.length)
    for (const f of report.findings) expect(grouped).toContain(f.id)
    expect(await listIncidents(store, { status: 'open' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: three.id })]),
    )
  })

  it('a finding that comes later joins the open incident: same id, more findings', async () => {
    const [before] = (await listIncidents(store)).filter((i) => i.users.includes('user-3'))
    await detectRange(store, { from: ATTACK + 60, to: ATTACK + 120 })
    const after = (await listIncidents(store)).filter((i) => i.users.includes('user-3') && i.status !== 'merged')
    expect(after).toHaveLength(1)
    expect(after[0]!.id).toBe(before!.id)
    expect(after[0]!.services).toContain('users')
    expect(after[0]!.findingIds.length).toBeGreaterThan(before!.findingIds.length)
  })

  it('detecting the same range again gives the same incidents', async () => {
    const stored = await listIncidents(store)
    const again = await detectRange(store, { from: ATTACK, to: ATTACK + 120 })
    expect(again.incidents).toEqual([])
    expect((await listIncidents(store)).map((i) => [i.id, i.findingIds.length])).toEqual(
      stored.map((i) => [i.id, i.findingIds.length]),
    )
  })
})
