// flow_bypass and the principals that never follow the flow: a reconciliation
// job calls the step directly a minute of every half hour of the learning period, as a backend integration does. Its calls are its norm; a user who
// skips the step is still a bypass, and so is a job-like principal that was
// never seen doing it. On the real engine.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, detectRange } from '../src/index.ts'
import { EXEMPT_MIN_CALLS, FlowBaseline } from '../src/flow-baseline.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-flow-exempt-'))
let store: ChdbStore
const HOURS = 2
const ATTACK = BASE_SECONDS + HOURS * 3600 + 10 * 60
const step = { service: 'cart', caller: 'gateway', method: 'POST', status: 200 } as const
const confirm = { ...step, route: '/cart/confirm', path: '/cart/confirm' }
const checkout = { ...step, route: '/cart/checkout', path: '/cart/checkout' }

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(33)
  const minutes = (ATTACK - BASE_SECONDS) / 60
  traffic.normal(BASE_SECONDS, minutes + 20, 30)
  for (let m = 0; m < minutes; m++) {
    const minute = BASE_SECONDS + m * 60
    // Three of 180 buyers check out every minute (each about hourly); four in five confirm seconds later.
    for (let k = 0; k < 3; k++) {
      const u = (m * 3 + k) % 180
      const user = `buyer-${u}`
      const client = `10.0.${u % 4}.${u}`
      traffic.request({ ...checkout, at: minute + 5 + k, user, client })
      if ((m + k) % 5 !== 0) traffic.request({ ...confirm, at: minute + 20 + k, user, client })
    }
    // The job confirms settled carts in the first minute of every half hour, never checking out (4 of
    // ~290 calls in the learning hours: more than 2 % and no flow would be learned at all — the 98 % share).
    if (m % 30 === 0)
      for (let i = 0; i < 3; i++)
        traffic.request({ ...confirm, at: minute + 10 + i, user: 'svc-reconciler', client: '10.9.0.1' })
  }
  // In the attack window: the job runs as usual; user-7 and a principal never seen before confirm without checking out.
  for (let i = 0; i < 3; i++) {
    traffic.request({ ...confirm, at: ATTACK + 10 + i, user: 'svc-reconciler', client: '10.9.0.1' })
    traffic.request({ ...confirm, at: ATTACK + 20 + i * 5, user: 'user-7', client: '10.0.3.7' })
    traffic.request({ ...confirm, at: ATTACK + 30 + i * 5, user: 'svc-unknown', client: '10.9.0.2' })
  }
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `flow-exempt-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('flow_bypass exemptions', () => {
  it('learns the flow, and the job that calls the step without it every period', async () => {
    const [flow, ...rest] = await new FlowBaseline(store, DEFAULT_DETECTOR_CONFIG).flowsFor({
      start: ATTACK,
      end: ATTACK + 60,
    })
    expect(rest).toEqual([])
    expect(`${flow!.step.method} ${flow!.step.route}`).toBe('POST /cart/confirm')
    expect(flow!.precededRatio).toBeGreaterThanOrEqual(DEFAULT_DETECTOR_CONFIG.flowPrecededRatio)
    expect(flow!.exempt).toEqual(['svc-reconciler'])
    expect(EXEMPT_MIN_CALLS).toBeLessThanOrEqual(4) // the job ran in four half-hours of the learning period
  })

  it('flags the user and the unknown principal, not the job', async () => {
    const report = await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const who = report.findings
      .filter((f) => f.kind === 'flow_bypass')
      .map((f) => f.entity.user)
      .sort()
    expect(who).toEqual(['svc-unknown', 'user-7'])
  })
})
