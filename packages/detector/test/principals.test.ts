// Principals as OpenTelemetry names them, on the real engine: the rollups
// key a request on user.id, else the deprecated enduser.id, else user.name
// (a failed login's attempted name); its caller on client.address, else the
// first X-Forwarded-For address, else the older peer attributes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-principals-'))
let store: ChdbStore

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(5)
  const login = (route: string, extra: Record<string, string>, client = '10.0.0.1') =>
    traffic.request({
      at: BASE_SECONDS + 5,
      service: 'auth',
      method: 'POST',
      route,
      path: route,
      status: 401,
      user: '',
      client,
      extraAttributes: extra,
    })
  login('/current', { 'user.id': 'u-current', 'enduser.id': 'u-legacy', 'user.name': 'name' })
  login('/legacy', { 'enduser.id': 'u-legacy', 'user.name': 'name' })
  login('/attempt', { 'user.name': 'victim@example.com' })
  login('/forwarded', { 'http.request.header.x-forwarded-for': ' 203.0.113.7 , 10.0.0.2' }, '')
  login('/peer', { 'net.sock.peer.addr': '198.51.100.4' }, '')
  await store.insert('otel_traces', traffic.spans, { dedupToken: 'principals' })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('principal keys in the rollups', () => {
  it('user.id, then enduser.id, then user.name; client.address, then X-Forwarded-For, then peer', async () => {
    const rows = await store.query<{ Route: string; UserId: string; ClientAddress: string }>(
      'SELECT Route, UserId, ClientAddress FROM user_endpoint_minute ORDER BY Route',
    )
    expect(Object.fromEntries(rows.map((r) => [r.Route, [r.UserId, r.ClientAddress]]))).toEqual({
      '/attempt': ['victim@example.com', '10.0.0.1'],
      '/current': ['u-current', '10.0.0.1'],
      '/forwarded': ['', '203.0.113.7'],
      '/legacy': ['u-legacy', '10.0.0.1'],
      '/peer': ['', '198.51.100.4'],
    })
  })
})
