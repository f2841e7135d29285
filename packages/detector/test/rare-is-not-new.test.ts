// "Rare is not new", on the real engine: a weekly job's route and edges, last
// seen 8 days ago (outside the 7-day volume baselines, inside the 35-day
// inventory), are part of the inventory and the graph when the job runs
// again — no shadow_endpoint, new_edge or lateral_movement. The same shape of
// traffic on a route and edges never seen is still found.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectRange } from '../src/index.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-rare-'))
let store: ChdbStore
const LAST_WEEK = BASE_SECONDS - 8 * 86400
const NOW = BASE_SECONDS + 60 * 60

/** The job: `reports` exports from billing and reads a key from vault, anonymously. */
function weeklyJob(traffic: Traffic, at: number, route: string, targets: readonly string[]): void {
  for (let i = 0; i < 12; i++) {
    for (const service of targets)
      traffic.request({
        at: at + i * 4,
        service,
        caller: 'reports',
        method: 'GET',
        route,
        path: route,
        status: 200,
        user: '',
        client: '10.9.0.1',
      })
  }
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(23)
  traffic.normal(LAST_WEEK - 30 * 60, 40)
  weeklyJob(traffic, LAST_WEEK, '/internal/weekly-export', ['billing', 'vault'])
  traffic.normal(BASE_SECONDS, 62)
  weeklyJob(traffic, NOW + 1, '/internal/weekly-export', ['billing', 'vault'])
  // Never seen: the same caller reaching a new route on two services it never called.
  weeklyJob(traffic, NOW + 2, '/internal/dump', ['payments', 'secrets'])
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `rare-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('rare is not new', () => {
  it("a weekly job's route and edges are known; never-seen ones are still found", async () => {
    const report = await detectRange(store, { from: NOW, to: NOW + 60 })
    const graph = report.findings.filter((f) => ['shadow_endpoint', 'new_edge', 'lateral_movement'].includes(f.kind))
    const about = graph.map((f) =>
      [f.kind, f.entity.service, f.entity.endpoint, f.entity.edge?.to].filter(Boolean).join(' '),
    )
    expect(about.filter((s) => /weekly-export|billing|vault/.test(s))).toEqual([])
    expect(about).toEqual(
      expect.arrayContaining([
        'shadow_endpoint payments GET /internal/dump',
        'shadow_endpoint secrets GET /internal/dump',
        'new_edge reports payments',
        'new_edge reports secrets',
        'lateral_movement reports',
      ]),
    )
    // The evidence says how far back "never seen" reaches.
    const edge = report.findings.find((f) => f.kind === 'new_edge')!
    expect(edge.evidence.baseline['graphHistoryDays']).toBeGreaterThanOrEqual(8)
  })
})
