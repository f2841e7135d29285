// grafana-dash-gen builds the legacy dashboard model (schemaVersion 6: rows
// holding panels sized by `span`). Grafana 11/12 would run every migration
// since version 6 over it on load, including ones that rewrite old panel
// types. Converting the layout here — rows become row panels, spans become
// 24-column gridPos — and stamping the current schema version keeps what
// Grafana loads identical to what we test. Pure: no I/O.
import type { Dashboard, Panel, Variable } from './grafana-json.ts'
import type { LaidOutPanel } from './panel.ts'

export const SCHEMA_VERSION = 39
const GRID_COLUMNS = 24
const ROW_UNIT_PX = 30

interface LegacyRow {
  title: string
  height: string
  showTitle: boolean
  collapse: boolean
  panels: LaidOutPanel[]
}

interface LegacyDashboard {
  title: string
  tags: string[]
  timezone: string
  refresh: string | false
  time: { from: string; to: string } | null
  rows: LegacyRow[]
  templating: { list: Variable[] }
}

export interface DashboardMeta {
  uid: string
  description: string
}

export function toCurrentSchema(legacy: LegacyDashboard, meta: DashboardMeta): Dashboard {
  const panels: Panel[] = []
  let id = 0
  let y = 0
  for (const row of legacy.rows) {
    if (row.showTitle && row.title) {
      panels.push({
        id: ++id,
        type: 'row',
        title: row.title,
        collapsed: row.collapse,
        gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 },
        panels: [],
      })
      y += 1
    }
    const rowHeight = Math.max(3, Math.round(Number.parseInt(row.height, 10) / ROW_UNIT_PX))
    let x = 0
    let lineHeight = 0
    for (const { span, height, ...panel } of row.panels) {
      const w = Math.min(GRID_COLUMNS, span * 2)
      if (x + w > GRID_COLUMNS) {
        y += lineHeight
        x = 0
        lineHeight = 0
      }
      const h = height ?? rowHeight
      panels.push({ id: ++id, ...panel, gridPos: { x, y, w, h } })
      x += w
      lineHeight = Math.max(lineHeight, h)
    }
    y += lineHeight
  }
  return {
    uid: meta.uid,
    title: legacy.title,
    description: meta.description,
    tags: legacy.tags,
    timezone: legacy.timezone,
    editable: true,
    graphTooltip: 1,
    refresh: legacy.refresh || '',
    schemaVersion: SCHEMA_VERSION,
    time: legacy.time ?? { from: 'now-1h', to: 'now' },
    templating: { list: legacy.templating.list },
    annotations: { list: [] },
    links: [],
    panels,
  }
}
