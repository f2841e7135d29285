// What current Grafana (11/12) needs to load the JSON as we wrote it: the
// current schema version and layout model, core panel types, datasource
// references it can resolve, queries in the ClickHouse plugin's shape.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import {
  CLICKHOUSE_PLUGIN,
  PROVISIONED_CLICKHOUSE_UID,
  generateDashboards,
  resultShape,
  type Panel,
} from '../src/index.ts'
import { IngestMetrics } from '../../pipelines/ingest/src/ingest-metrics.ts'
import { GatewayMetrics } from '../../pipelines/gateway/src/gateway-metrics.ts'

// Panel types built into Grafana 11 and 12 (no Angular, no plugin install).
const CORE_PANELS = new Set([
  'row',
  'timeseries',
  'table',
  'stat',
  'nodeGraph',
  'logs',
  'traces',
  'barchart',
  'bargauge',
  'gauge',
  'text',
])
const LEGACY_KEYS = ['rows', 'span', 'height', 'styles', 'originalTitle', 'hideControls', 'sharedCrosshair', 'style']

const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe.each(generateDashboards().map((g) => [g.dashboard.title, g.dashboard] as const))('%s', (_title, dashboard) => {
  it('uses the current schema and no legacy keys', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36)
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/)
    const text = JSON.stringify(dashboard)
    for (const key of LEGACY_KEYS) expect(text, `legacy key "${key}"`).not.toContain(`"${key}":`)
  })

  it('lays panels out on the 24-column grid without overlaps, with unique ids', () => {
    const ids = dashboard.panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const [i, panel] of dashboard.panels.entries()) {
      expect(CORE_PANELS.has(panel.type), `panel type ${panel.type}`).toBe(true)
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24)
      expect(panel.gridPos.h).toBeGreaterThan(0)
      for (const other of dashboard.panels.slice(i + 1))
        expect(overlaps(panel.gridPos, other.gridPos), `${panel.title} overlaps ${other.title}`).toBe(false)
    }
  })

  it('references datasources through variables the dashboard defines, and explains every panel', () => {
    const variables = new Set(dashboard.templating.list.map((v) => v.name))
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.description, panel.title).toBeTruthy()
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      for (const target of panel.targets ?? []) {
        const uid = /^\$\{(\w+)\}$/.exec(target.datasource.uid)?.[1]
        expect(uid && variables.has(uid), `${panel.title} datasource ${target.datasource.uid}`).toBe(true)
        if ('rawSql' in target) {
          expect(target.datasource.type).toBe(CLICKHOUSE_PLUGIN)
          expect(target.editorType).toBe('sql')
          const shape = resultShape(panel.type, target)
          expect(target.format).toBe({ timeseries: 0, logs: 2, trace: 3 }[shape as string] ?? 1)
        }
      }
    }
  })
})

describe('Prometheus panels', () => {
  it('query only metrics the tracehound stages expose', () => {
    const exposed = `${new IngestMetrics().render()}\n${new GatewayMetrics().render(0)}`
    const names = new Set([...exposed.matchAll(/^# TYPE (\w+)/gm)].map((m) => m[1]))
    const used = generateDashboards().flatMap((g) =>
      g.dashboard.panels.flatMap((p) =>
        (p.targets ?? []).flatMap((t) => ('expr' in t ? [...t.expr.matchAll(/tracehound_\w+/g)].map((m) => m[0]) : [])),
      ),
    )
    expect(used.length).toBeGreaterThan(0)
    for (const name of used) expect(names, name).toContain(name)
  })
})

describe('provisioning', () => {
  const dir = fileURLToPath(new URL('../provisioning/', import.meta.url))

  it('provisions the ClickHouse datasource the dashboards default to, over HTTP, with the OTel tables', () => {
    const file = parse(readFileSync(`${dir}datasources/tracehound.yaml`, 'utf8')) as {
      datasources: Record<string, unknown>[]
    }
    const ch = file.datasources.find((d) => d['type'] === CLICKHOUSE_PLUGIN) as {
      uid: string
      jsonData: Record<string, unknown>
      secureJsonData: Record<string, string>
    }
    expect(ch.uid).toBe(PROVISIONED_CLICKHOUSE_UID)
    expect(ch.jsonData['protocol']).toBe('http')
    expect(ch.jsonData['traces']).toMatchObject({ otelEnabled: true, defaultTable: 'otel_traces' })
    expect(ch.jsonData['logs']).toMatchObject({ otelEnabled: true, defaultTable: 'otel_logs' })
    expect(ch.secureJsonData['password']).toMatch(/^\$\{\w+\}$/)
    expect(file.datasources.some((d) => d['type'] === 'prometheus' && d['uid'] === 'tracehound-prometheus')).toBe(true)
  })

  it('provisions the dashboards folder', () => {
    const file = parse(readFileSync(`${dir}dashboards/tracehound.yaml`, 'utf8')) as {
      providers: { type: string; options: { path: string } }[]
    }
    expect(file.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/var/lib/grafana/dashboards/tracehound' },
    })
  })
})
