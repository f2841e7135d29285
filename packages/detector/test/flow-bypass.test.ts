// flow_bypass on the real engine: two hours of a shop where users check out
// (POST /cart/checkout) before they confirm (POST /cart/confirm), besides
// browsing orders every minute; then users who confirm without checking out.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, detectRange } from '../src/index.ts'
import { FlowBaseline, callGraph, chooseFlows } from '../src/flow-baseline.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-flow-'))
let store: ChdbStore
const HOURS = 2
const ATTACK = BASE_SECONDS + HOURS * 3600 + 10 * 60

function shopWithCheckout(traffic: Traffic, minutes: number): void {
  let n = 0
  for (let m = 0; m < minutes; m++) {
    const minute = BASE_SECONDS + m * 60
    // Every other minute one of the 30 users checks out (each about hourly); most confirm seconds later.
    for (let k = 0; k < (m % 2 === 0 ? 1 : 0); k++) {
      const u = (m / 2) % 30
      const user = `user-${u}`
      const client = `10.0.${u % 4}.${u}`
      traffic.request({
        at: minute + 5,
        service: 'cart',
        caller: 'gateway',
        method: 'POST',
        route: '/cart/checkout',
        path: '/cart/checkout',
        status: 200,
        user,
        client,
      })
      if (n++ % 5 !== 0)
        traffic.request({
          at: minute + 20 + k,
          service: 'cart',
          caller: 'gateway',
          method: 'POST',
          route: '/cart/confirm',
          path: '/cart/confirm',
          status: 200,
          user,
          client,
        })
    }
  }
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(21)
  traffic.normal(BASE_SECONDS, HOURS * 60 + 20, 30)
  shopWithCheckout(traffic, ATTACK / 60 - BASE_SECONDS / 60) // up to the attack minute
  const cart = {
    service: 'cart',
    caller: 'gateway',
    method: 'POST',
    route: '/cart/confirm',
    path: '/cart/confirm',
    status: 200,
  }
  // user-7 (who browses as usual) confirms four times without checking out.
  for (let i = 0; i < 4; i++) traffic.request({ ...cart, at: ATTACK + 10 + i * 7, user: 'user-7', client: '10.0.3.7' })
  // user-8 confirms once without checking out: below the threshold of 2 calls.
  traffic.request({ ...cart, at: ATTACK + 15, user: 'user-8', client: '10.0.0.8' })
  // user-99 checked out 10 minutes ago: within the 15-minute session.
  traffic.request({
    service: 'cart',
    caller: 'gateway',
    method: 'POST',
    route: '/cart/checkout',
    path: '/cart/checkout',
    status: 200,
    at: ATTACK - 10 * 60,
    user: 'user-99',
    client: '10.0.9.99',
  })
  for (let i = 0; i < 3; i++) traffic.request({ ...cart, at: ATTACK + 30 + i, user: 'user-99', client: '10.0.9.99' })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `flow-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('flow_bypass', () => {
  it('learns checkout → confirm from the per-user rollup, and not the orders page every user visits all the time', async () => {
    const flows = await new FlowBaseline(store, DEFAULT_DETECTOR_CONFIG).flowsFor({ start: ATTACK, end: ATTACK + 60 })
    expect(
      flows.map((f) => [f.predecessors.map((p) => `${p.method} ${p.route}`), `${f.step.method} ${f.step.route}`]),
    ).toEqual([[['POST /cart/checkout'], 'POST /cart/confirm']])
    expect(flows[0]!.precededRatio).toBe(1)
    expect(flows[0]!.users).toBeGreaterThanOrEqual(DEFAULT_DETECTOR_CONFIG.minFlowUsers)
  })

  it('flags the user who confirms repeatedly without checking out, with the learned flow as evidence', async () => {
    const report = await detectRange(store, { from: ATTACK, to: ATTACK + 60 })
    const bypasses = report.findings.filter((f) => f.kind === 'flow_bypass')
    expect(bypasses.map((f) => f.entity)).toEqual([{ service: 'cart', endpoint: 'POST /cart/confirm', user: 'user-7' }])
    const [finding] = bypasses
    expect(finding!.summary).toMatch(
      /^user-7 called cart POST \/cart\/confirm 4 times without POST \/cart\/checkout in the 15 minutes before \(the session called .+ instead\); 100\.0 % of \d+ learned calls by \d+ users had it first\.$/,
    )
    // What the session did instead: user-7's other calls in the 15 minutes before and the window, as the rollup has them.
    const others = await store.query<{ label: string; n: string }>(
      `SELECT concat(ServiceName, ' ', Method, ' ', Route) AS label, sum(Requests) AS n FROM user_endpoint_minute
       WHERE UserId = 'user-7' AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32}) AND Route != '/cart/confirm'
       GROUP BY label ORDER BY n DESC, label LIMIT 5`,
      { from: ATTACK - 15 * 60, to: ATTACK + 60 },
    )
    expect(others.length).toBeGreaterThan(0)
    expect(finding!.evidence.observed).toEqual({
      requests: 4,
      predecessorCalls: 0,
      sessionInstead: others.map((o) => `${o.label} ×${o.n}`).join(', '),
    })
    expect(finding!.evidence.baseline).toMatchObject({ predecessor: 'cart POST /cart/checkout', precededRatio: 1 })
    expect(finding!.evidence.sampleTraceIds.length).toBeGreaterThan(0)
  })

  it('no flows in ordinary hours: nothing to bypass, nothing flagged', async () => {
    const report = await detectRange(store, { from: BASE_SECONDS + 90 * 60, to: BASE_SECONDS + 100 * 60 })
    expect(report.findings.filter((f) => f.kind === 'flow_bypass')).toEqual([])
  })
})

describe('chooseFlows', () => {
  const config = { minFlowOccurrences: 30, minFlowUsers: 10, flowPrecededRatio: 0.98, minFlowLift: 2 }
  const total = (step: string, occurrences: number, users = 20) => ({ step, predecessor: '', occurrences, users })
  const pair = (step: string, predecessor: string, occurrences: number) => ({
    step,
    predecessor,
    occurrences,
    users: 20,
  })

  it('needs enough calls, enough users, a high share and a specific predecessor', () => {
    expect(
      chooseFlows(
        [
          total('svc\u0000POST\u0000/b', 100),
          pair('svc\u0000POST\u0000/b', 'svc\u0000POST\u0000/a', 99),
          total('svc\u0000GET\u0000/x', 1000),
          pair('svc\u0000GET\u0000/x', 'svc\u0000POST\u0000/a', 100),
        ],
        config,
      ),
    ).toHaveLength(1)
    expect(
      chooseFlows(
        [total('svc\u0000POST\u0000/b', 29), pair('svc\u0000POST\u0000/b', 'svc\u0000POST\u0000/a', 29)],
        config,
      ),
    ).toEqual([]) // too few calls
    expect(
      chooseFlows(
        [total('svc\u0000POST\u0000/b', 100, 9), pair('svc\u0000POST\u0000/b', 'svc\u0000POST\u0000/a', 100)],
        config,
      ),
    ).toEqual([]) // too few users
    expect(
      chooseFlows(
        [total('svc\u0000POST\u0000/b', 100), pair('svc\u0000POST\u0000/b', 'svc\u0000POST\u0000/a', 97)],
        config,
      ),
    ).toEqual([]) // 97 % < 98 %
    // /home precedes 99 % of /b, but also 60 % of everything else: lift 1.65 < 2.
    expect(
      chooseFlows(
        [
          total('svc\u0000POST\u0000/b', 100),
          pair('svc\u0000POST\u0000/b', 'svc\u0000GET\u0000/home', 99),
          total('svc\u0000GET\u0000/x', 1000),
          pair('svc\u0000GET\u0000/x', 'svc\u0000GET\u0000/home', 600),
        ],
        config,
      ),
    ).toEqual([])
  })

  it('a call found in the step’s own minute every time is made by the step, not before it', () => {
    const capture = 'web\u0000POST\u0000/capture'
    const loyalty = 'loyalty\u0000GET\u0000/loyalty/:id' // called two hops behind the capture, and by other pages
    const intent = 'web\u0000POST\u0000/intent'
    const pairs = [
      total(capture, 100),
      total(loyalty, 1000),
      total(intent, 120),
      { ...pair(capture, loyalty, 100), sameMinute: 100 },
      { ...pair(capture, intent, 99), sameMinute: 55 }, // a person's previous step: often an earlier minute
    ]
    const graph = callGraph([
      { caller: 'web', callee: 'tax' },
      { caller: 'tax', callee: 'loyalty' },
    ])
    const learned = (downstream?: typeof graph) =>
      chooseFlows(pairs, config, undefined, downstream).map((f) => [f.step.route, f.predecessors.map((x) => x.route)])
    expect(learned(graph)).toEqual([['/capture', ['/intent']]])
    // Without a call path from the step's service to it, the same minute alone proves nothing.
    expect(learned()).toEqual([['/capture', ['/loyalty/:id']]])
  })

  it('keeps the strongest predecessor, and routes with spaces intact', () => {
    const flows = chooseFlows(
      [
        total('svc\u0000POST\u0000/pay now', 100),
        pair('svc\u0000POST\u0000/pay now', 'svc\u0000POST\u0000/a', 98),
        pair('svc\u0000POST\u0000/pay now', 'svc\u0000POST\u0000/cart', 100),
      ],
      config,
    )
    expect(flows).toEqual([
      {
        step: { service: 'svc', method: 'POST', route: '/pay now' },
        predecessors: [{ service: 'svc', method: 'POST', route: '/cart' }],
        occurrences: 100,
        users: 20,
        precededRatio: 1,
      },
    ])
  })

  it('a step with two legitimate predecessors: the pair that covers the calls together', () => {
    const confirm = 'svc\u0000POST\u0000/confirm'
    const checkout = 'svc\u0000POST\u0000/checkout'
    const express = 'svc\u0000POST\u0000/checkout/express'
    const browse = 'svc\u0000GET\u0000/items'
    // 60 % of confirms follow checkout, 40 % express checkout; neither alone reaches 98 %.
    const pairs = [
      total(confirm, 100),
      pair(confirm, checkout, 60),
      pair(confirm, express, 41),
      pair(confirm, browse, 12),
      total(browse, 2000),
      pair(browse, checkout, 20),
    ]
    expect(chooseFlows(pairs, config)).toEqual([]) // without knowing which calls had which, no set is learned
    const together = (step: string, keys: readonly string[]): number | undefined =>
      step !== confirm
        ? undefined
        : keys.includes(checkout) && keys.includes(express)
          ? 0.99
          : keys.includes(checkout)
            ? 0.6
            : keys.includes(express)
              ? 0.41
              : 0.12
    const [flow] = chooseFlows(pairs, config, together)
    expect(flow?.predecessors.map((p) => p.route)).toEqual(['/checkout', '/checkout/express'])
    expect(flow?.precededRatio).toBe(0.99)
    // When even three together do not cover enough, there is no flow.
    expect(
      chooseFlows(pairs, config, (step, keys) => (step === confirm ? Math.min(0.9, keys.length * 0.3) : undefined)),
    ).toEqual([])
  })
})
