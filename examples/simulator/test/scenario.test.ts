// The simulated traffic itself: reproducible per seed, valid OTLP/JSON for the
// real decoder, and labelled truthfully (what a label says happened is in
// the spans, and nothing else is).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeTracesJson, type SpanRow } from '@tracehound/otlp'
import { ATTACKS } from '../src/attacks.ts'
import { loadFactor } from '../src/load-curve.ts'
import { SIMULATION_START } from '../src/run-evaluation.ts'
import { writeScenario, type ScenarioOptions, type ScenarioResult } from '../src/scenario.ts'

const dir = mkdtempSync(join(tmpdir(), 'tracehound-simulator-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Smaller than the evaluation's small scale: the eight attacks need 10 minutes apart.
const OPTIONS: ScenarioOptions = {
  seed: 7,
  start: SIMULATION_START,
  historyHours: 1,
  evaluationHours: 2,
  backends: 4,
  maxEndpoints: 2,
  users: 40,
  peakPerMinute: 80,
  attacks: true,
}
const seconds = (row: SpanRow): number => Date.parse(`${row.Timestamp.replace(' ', 'T').slice(0, 23)}Z`) / 1000

let result: ScenarioResult
let rows: SpanRow[]
beforeAll(async () => {
  result = await writeScenario(OPTIONS, join(dir, 'a.jsonl'))
  rows = readFileSync(join(dir, 'a.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .flatMap((line) => decodeTracesJson(line))
})

describe('simulated traffic', () => {
  it('is the same for the same seed, and different for another', async () => {
    const again = await writeScenario(OPTIONS, join(dir, 'b.jsonl'))
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'))
    expect(again.labels).toEqual(result.labels)
    await writeScenario({ ...OPTIONS, seed: 8 }, join(dir, 'c.jsonl'))
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).not.toBe(readFileSync(join(dir, 'a.jsonl'), 'utf8'))
  })

  it('decodes with the OTLP decoder the gateway and replay use, every span accounted for', () => {
    expect(rows).toHaveLength(result.spans)
    expect(new Set(rows.map((r) => r.ServiceName))).toEqual(new Set(result.topology.services))
    const times = rows.map(seconds)
    expect(Math.min(...times)).toBeGreaterThanOrEqual(OPTIONS.start)
    expect(Math.max(...times)).toBeLessThan(result.evaluation.to + 60)
  })

  it('follows the day: lowest around 04:00 UTC, highest around 16:00, lighter at weekends', () => {
    const at = (day: number, hour: number): number => loadFactor(SIMULATION_START + day * 86_400 + hour * 3600)
    expect(at(0, 4)).toBeCloseTo(0.25)
    expect(at(0, 16)).toBeCloseTo(1)
    expect(at(0, 9)).toBeGreaterThan(at(0, 4))
    expect(at(5, 16)).toBeCloseTo(0.7) // SIMULATION_START is a Monday: day 5 is Saturday
  })

  it('labels one attack of each kind, inside the evaluation period, at least 10 minutes apart', () => {
    expect(result.labels).toHaveLength(ATTACKS.length)
    const starts = result.labels.map((l) => l.start).sort((a, b) => a - b)
    for (const l of result.labels) {
      expect(l.start).toBeGreaterThanOrEqual(result.evaluation.from)
      expect(l.end).toBeLessThanOrEqual(result.evaluation.to)
      expect(l.kinds.every((k) => l.accepts.includes(k))).toBe(true)
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(600)
  })

  it('every span carries a correlation id except the labelled gap; the secret appears only in the labelled leak', () => {
    const gap = result.labels.find((l) => l.kinds.includes('missing_correlation_id'))!
    const leak = result.labels.find((l) => l.kinds.includes('secret_leak'))!
    const inside = (r: SpanRow, l: typeof gap): boolean =>
      r.ServiceName === l.entities[0]!.service && seconds(r) >= l.start && seconds(r) < l.end + 5
    const missing = rows.filter((r) => !r.SpanAttributes['correlation.id'])
    expect(missing.length).toBeGreaterThan(0)
    expect(missing.every((r) => inside(r, gap))).toBe(true)
    const leaked = rows.filter((r) => Object.values(r.SpanAttributes).some((v) => String(v).startsWith('Bearer ')))
    expect(leaked.length).toBeGreaterThan(0)
    expect(leaked.every((r) => inside(r, leak))).toBe(true)
  })

  it('a clean period has the benign surprises and no attacks', async () => {
    const clean = await writeScenario({ ...OPTIONS, attacks: false }, join(dir, 'clean.jsonl'))
    expect(clean.labels).toEqual([])
    expect(clean.benign.map((b) => b.name)).toEqual([
      expect.stringContaining('traffic ramp'),
      expect.stringContaining('deployment of'),
      expect.stringContaining('heavy users'),
      expect.stringMatching(/every \d+ min for \d+ min/),
      expect.stringContaining('adopted over an hour'),
      expect.stringContaining('login wave'),
      expect.stringContaining('databases'),
    ])
    const spans = readFileSync(join(dir, 'clean.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((line) => decodeTracesJson(line))
    expect(spans.every((r) => r.SpanAttributes['correlation.id'])).toBe(true)
    const deployed = clean.benign[1]!.name.split(' ')[2]!
    expect(spans.some((r) => r.ServiceName === deployed && r.ResourceAttributes['service.version'] === '2.0.0')).toBe(
      true,
    )
  })

  it('has the world extras: a job that starts its own traces every period of history and evaluation, a queue, databases, an endpoint adopted only after its deploy', async () => {
    const job = result.benign[3]!.name.split(' ')[0]!
    const jobRoots = rows.filter((r) => r.ServiceName === job && r.ParentSpanId === '' && r.SpanKind === 'Internal')
    expect(jobRoots.some((r) => seconds(r) < result.evaluation.from)).toBe(true)
    expect(jobRoots.some((r) => seconds(r) >= result.evaluation.from)).toBe(true)
    // The job's calls are answered by a backend that sees the job's own address.
    const jobCalls = rows.filter(
      (r) => r.SpanKind === 'Server' && r.SpanAttributes['client.address']?.startsWith('10.250.'),
    )
    expect(jobCalls.length).toBeGreaterThan(0)
    const byId = new Map(rows.map((r) => [r.SpanId, r]))
    const consumers = rows.filter((r) => r.SpanKind === 'Consumer')
    expect(consumers.length).toBeGreaterThan(0)
    expect(consumers.every((c) => byId.get(c.ParentSpanId)?.SpanKind === 'Producer')).toBe(true)
    expect(rows.some((r) => r.SpanKind === 'Client' && r.SpanAttributes['db.system.name'])).toBe(true)
    const adopted = result.benign[4]!
    const route = adopted.name.split(' ')[3]!
    const calls = rows.filter((r) => r.SpanKind === 'Server' && r.SpanAttributes['http.route'] === route)
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every((r) => seconds(r) >= adopted.start)).toBe(true)
    expect(new Set(calls.map((r) => r.SpanAttributes['enduser.id'])).size).toBeGreaterThan(1)
  })

  it('confirm follows checkout or one of its alternatives, except in the labelled bypass', () => {
    const t = result.topology
    const route = (i: number): string => t.endpoints[i]!.route
    const steps = new Set([t.flow.first, ...t.flow.alternatives].map(route))
    const bypass = result.labels.find((l) => l.kinds.includes('flow_bypass'))!
    const byUser = new Map<string, { at: number; route: string }[]>()
    for (const r of rows) {
      const user = r.SpanAttributes['enduser.id']
      if (r.SpanKind !== 'Server' || r.ServiceName !== t.naming.entry || !user) continue
      byUser.set(user, [...(byUser.get(user) ?? []), { at: seconds(r), route: r.SpanAttributes['http.route']! }])
    }
    let confirms = 0
    for (const [user, calls] of byUser)
      for (const c of calls.filter((c) => c.route === route(t.flow.then))) {
        if (bypass.entities.some((e) => e.user === user)) continue
        confirms++
        expect(calls.some((p) => steps.has(p.route) && p.at <= c.at && c.at - p.at <= 300)).toBe(true)
      }
    expect(confirms).toBeGreaterThan(0)
  })

  it('refuses an evaluation period too short for its attacks, before writing anything', async () => {
    await expect(writeScenario({ ...OPTIONS, evaluationHours: 1 }, join(dir, 'short.jsonl'))).rejects.toThrow(
      'evaluation period of 1 h is too short for 9 attacks',
    )
    expect(existsSync(join(dir, 'short.jsonl'))).toBe(false)
  })
})

describe('sessions', () => {
  // Per user, requests at the entry per 5 minutes, in the buckets where the user was active.
  const perUserBuckets = (spans: SpanRow[], entry: string): number[] => {
    const counts = new Map<string, number>()
    for (const r of spans) {
      const user = r.SpanAttributes['enduser.id']
      if (r.ServiceName !== entry || r.SpanKind !== 'Server' || !user) continue
      const key = `${user}\u0000${Math.floor(seconds(r) / 300)}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts.values()]
  }
  const read = (file: string): SpanRow[] =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .flatMap((line) => decodeTracesJson(line))

  it('keep the volume and make a user’s own counts burstier, as people browse', async () => {
    const base = { ...OPTIONS, attacks: false, extras: false, users: 200, peakPerMinute: 200 }
    const none = await writeScenario(
      { ...base, sessions: { follow: 0, meanFollowUps: 0, spreadSeconds: 0 } },
      join(dir, 's0.jsonl'),
    )
    const some = await writeScenario(
      { ...base, sessions: { follow: 0.6, meanFollowUps: 4, spreadSeconds: 180 } },
      join(dir, 's1.jsonl'),
    )
    const entry = none.topology.services[0]!
    const [calm, bursty] = [
      perUserBuckets(read(join(dir, 's0.jsonl')), entry),
      perUserBuckets(read(join(dir, 's1.jsonl')), entry),
    ]
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
    expect(total(bursty) / total(calm)).toBeGreaterThan(0.85)
    expect(total(bursty) / total(calm)).toBeLessThan(1.15)
    const mean = (xs: number[]) => total(xs) / xs.length
    // Fewer active buckets holding more requests each: the same load, in sessions.
    expect(mean(bursty)).toBeGreaterThan(1.5 * mean(calm))
    expect(some.benign.map((b) => b.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^users browse in sessions/)]),
    )
  })
})
