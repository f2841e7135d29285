// flow_bypass when a step has two legitimate predecessors, on the real
// engine: confirm follows either checkout or express checkout; neither alone
// covers the threshold share, together they do. Confirming after either is
// fine; confirming after neither is a bypass that names both.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, detectRange } from '../src/index.ts'
import { DetectionState } from '../src/rollup-reader.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-flow-alt-'))
let store: ChdbStore
const HOURS = 2
const ATTACK = BASE_SECONDS + HOURS * 3600 + 10 * 60
const cart = (route: string) => ({
  service: 'cart',
  caller: 'gateway',
  method: 'POST',
  route,
  path: route,
  status: 200,
})

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(33)
  traffic.normal(BASE_SECONDS, HOURS * 60 + 20, 30)
  for (let m = 0; m < ATTACK / 60 - BASE_SECONDS / 60; m += 2) {
    const u = (m / 2) % 30
    const who = { user: `user-${u}`, client: `10.0.${u % 4}.${u}` }
    // Three in five check out the usual way, two in five with express checkout.
    const first = (m / 2) % 5 < 3 ? '/cart/checkout' : '/cart/express'
    traffic.request({ ...cart(first), ...who, at: BASE_SECONDS + m * 60 + 5 })
    traffic.request({ ...cart('/cart/confirm'), ...who, at: BASE_SECONDS + m * 60 + 20 })
  }
  // user-5 confirms three times with neither; user-6 after an express checkout.
  for (let i = 0; i < 3; i++)
    traffic.request({ ...cart('/cart/confirm'), user: 'user-5', client: '10.0.1.5', at: ATTACK + 10 + i * 9 })
  traffic.request({ ...cart('/cart/express'), user: 'user-6', client: '10.0.2.6', at: ATTACK + 2 })
  for (let i = 0; i < 3; i++)
    traffic.request({ ...cart('/cart/confirm'), user: 'user-6', client: '10.0.2.6', at: ATTACK + 12 + i * 9 })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `flow-alt-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('flows with alternatives', () => {
  it('learns both predecessors of confirm as one precondition', async () => {
    const flows = await new DetectionState(store, DEFAULT_DETECTOR_CONFIG).flows.flowsFor({
      start: ATTACK,
      end: ATTACK + 60,
    })
    const confirm = flows.find((f) => f.step.route === '/cart/confirm')
    expect(confirm?.predecessors.map((p) => p.route).sort()).toEqual(['/cart/checkout', '/cart/express'])
    expect(confirm!.precededRatio).toBeGreaterThanOrEqual(DEFAULT_DETECTOR_CONFIG.flowPrecededRatio)
  })

  it('flags only the user who took neither path, naming both', async () => {
    const report = await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const bypasses = report.findings.filter((f) => f.kind === 'flow_bypass')
    expect(bypasses.map((f) => f.entity.user)).toEqual(['user-5'])
    expect(bypasses[0]!.summary).toMatch(
      /without any of POST \/cart\/(checkout|express), POST \/cart\/(checkout|express) in the 15 minutes before/,
    )
  })
})
