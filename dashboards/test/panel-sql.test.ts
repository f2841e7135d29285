// Every SQL target of every panel, with variables and the ClickHouse
// datasource's macros expanded as Grafana does, runs on the real engine
// (chdb) over the real schema and a demo-sized dataset, and returns the
// columns its panel type needs — with rows, so an empty panel is caught too.
// Queries go the way a local Grafana's would: @clickhouse/client over HTTP to
// the read-only ClickHouse interface `tracehound up` serves on the store.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client'
import { ChdbStore, startClickHouseHttpInterface, type ClickHouseHttpInterface } from '@tracehound/store'
import { ALL, generateDashboards, resultShape, type ResultShape, type SqlTarget } from '../src/index.ts'
import { loadDemoDataset, type DemoDataset } from './support/demo-dataset.ts'
import { panelSql } from './support/grafana-interpolation.ts'

interface JsonResult {
  meta: { name: string; type: string }[]
  data: Record<string, unknown>[]
}

const NUMERIC = /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/
const TIME = /^(Nullable\()?(DateTime|Date)/

/** The columns each result shape needs, as Grafana's panels read them. */
function checkShape(shape: ResultShape, result: JsonResult): void {
  const types = new Map(result.meta.map((c) => [c.name, c.type]))
  const need = (name: string, type: RegExp): void => {
    expect(types.has(name), `column ${name} (have ${[...types.keys()].join(', ')})`).toBe(true)
    expect(types.get(name), `type of ${name}`).toMatch(type)
  }
  expect(result.data.length, 'rows on the demo dataset').toBeGreaterThan(0)
  switch (shape) {
    case 'timeseries':
      expect(result.meta[0]?.name).toBe('time')
      expect(result.meta[0]?.type).toMatch(TIME)
      expect(
        result.meta.slice(1).some((c) => NUMERIC.test(c.type)),
        'a numeric value column',
      ).toBe(true)
      break
    case 'stat':
      expect(
        result.meta.some((c) => NUMERIC.test(c.type)),
        'a numeric column',
      ).toBe(true)
      break
    case 'nodes':
      need('id', /String/)
      need('title', /String/)
      need('mainstat', NUMERIC)
      break
    case 'edges':
      need('id', /String/)
      need('source', /String/)
      need('target', /String/)
      need('mainstat', NUMERIC)
      break
    case 'logs':
      need('timestamp', TIME)
      need('body', /String/)
      need('level', /String/)
      break
    case 'trace':
      for (const name of ['traceID', 'spanID', 'parentSpanID', 'serviceName', 'operationName']) need(name, /String/)
      need('startTime', NUMERIC)
      need('duration', NUMERIC)
      need('tags', /^Array\(Map\(String, String\)\)$/)
      need('serviceTags', /^Array\(Map\(String, String\)\)$/)
      break
    case 'table':
      expect(result.meta.length).toBeGreaterThan(0)
  }
}

let store: ChdbStore
let api: ClickHouseHttpInterface
let client: ClickHouseClient
let dataset: DemoDataset
const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-dashboards-'))

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  dataset = await loadDemoDataset(store)
  api = await startClickHouseHttpInterface(store, {
    host: '127.0.0.1',
    port: 0,
    user: 'grafana',
    password: 'dashboards-test',
  })
  client = createClient({
    url: api.url,
    username: 'grafana',
    password: 'dashboards-test',
    log: { level: ClickHouseLogLevel.OFF },
  })
}, 120_000)

const runJson = async (sql: string): Promise<JsonResult> =>
  (await client.query({ query: sql, format: 'JSON' })).json() as Promise<JsonResult>

afterAll(async () => {
  await client?.close()
  await api?.close()
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const cases = generateDashboards().flatMap(({ dashboard }) =>
  dashboard.panels.flatMap((panel) =>
    (panel.targets ?? [])
      .filter((t): t is SqlTarget => 'rawSql' in t)
      .map((target) => [`${dashboard.title} / ${panel.title} / ${target.refId}`, panel.type, target] as const),
  ),
)

describe('panel SQL on chdb', () => {
  it('covers every SQL panel of every dashboard', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  it.each(cases)('%s', async (_name, panelType, target) => {
    const context = {
      from: dataset.from,
      to: dataset.to,
      intervalSeconds: 60,
      variables: {
        service: 'orders',
        endpoint: 'GET /orders/:id',
        kind: ALL,
        correlation_id: dataset.correlationId,
        trace_id: dataset.traceId,
      },
    }
    const sql = panelSql(target.rawSql, context)
    checkShape(resultShape(panelType, target)!, await runJson(sql))
  })

  it('the service filter with All selected reads every service', async () => {
    const overview = generateDashboards().find((g) => g.dashboard.uid === 'tracehound-service-overview')!.dashboard
    const table = overview.panels.find((p) => p.type === 'table')!.targets![0] as SqlTarget
    const run = async (service: string): Promise<Set<string>> => {
      const sql = panelSql(table.rawSql, {
        from: dataset.from,
        to: dataset.to,
        intervalSeconds: 60,
        variables: { service },
      })
      const rows = (await runJson(sql)).data
      return new Set(rows.map((r) => String(r['service'])))
    }
    expect([...(await run(ALL))].sort()).toEqual(expect.arrayContaining(['auth', 'orders', 'users']))
    expect([...(await run('orders'))]).toEqual(['orders'])
    // A quote in a variable value stays inside the string literal.
    expect([...(await run("orders' OR 1=1 --"))]).toEqual([])
  })
})
