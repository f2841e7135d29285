// Lays a dashboard out with grafana-dash-gen (Dashboard, Row, templating) and
// converts the result to the current schema.
import dashgen from 'grafana-dash-gen'
import { toCurrentSchema } from './current-schema.ts'
import type { Dashboard, Variable } from './grafana-json.ts'
import type { GrafanaPanel } from './panel.ts'

export interface RowSpec {
  title: string
  /** Height of the row's panels in pixels (grafana-dash-gen's unit). */
  height?: number
  panels: GrafanaPanel[]
}

export interface DashboardSpec {
  uid: string
  title: string
  description: string
  tags: string[]
  variables: Variable[]
  rows: RowSpec[]
  /** Relative time range shown on open. @default now-1h → now */
  time?: { from: string; to: string }
}

// grafana-dash-gen's Panel union names its own classes; rows only call generate().
type RowPanel = Parameters<InstanceType<typeof dashgen.Row>['addPanel']>[0]

export function buildDashboard(spec: DashboardSpec): Dashboard {
  const dashboard = new dashgen.Dashboard({
    title: spec.title,
    tags: ['tracehound', ...spec.tags],
    timezone: 'utc',
    refresh: '30s',
    time: spec.time ?? { from: 'now-1h', to: 'now' },
  })
  for (const variable of spec.variables)
    dashboard.addTemplate({ generate: () => variable } as unknown as Parameters<typeof dashboard.addTemplate>[0])
  for (const rowSpec of spec.rows) {
    const row = new dashgen.Row({ title: rowSpec.title, height: `${rowSpec.height ?? 270}px` })
    for (const panel of rowSpec.panels) row.addPanel(panel as unknown as RowPanel)
    dashboard.addRow(row)
  }
  return toCurrentSchema(dashboard.generate() as unknown as Parameters<typeof toCurrentSchema>[0], {
    uid: spec.uid,
    description: spec.description,
  })
}
