// The slice of Grafana's current dashboard JSON (schemaVersion 39, loaded
// unchanged by Grafana 11 and 12) that tracehound generates.

export interface DataSourceRef {
  type: string
  uid: string
}

export interface SqlTarget {
  refId: string
  datasource: DataSourceRef
  editorType: 'sql'
  /** grafana-plugin-sdk-go sqlutil format: 0 time series, 1 table, 2 logs, 3 trace. */
  format: 0 | 1 | 2 | 3
  queryType: 'timeseries' | 'table' | 'logs' | 'traces'
  rawSql: string
}

export interface PrometheusTarget {
  refId: string
  datasource: DataSourceRef
  expr: string
  legendFormat: string
}

export type Target = SqlTarget | PrometheusTarget

export interface GridPos {
  x: number
  y: number
  w: number
  h: number
}

export interface Panel {
  id: number
  type: string
  title: string
  description?: string
  gridPos: GridPos
  datasource?: DataSourceRef
  targets?: Target[]
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] }
  options?: Record<string, unknown>
  collapsed?: boolean
  panels?: Panel[]
}

export interface Variable {
  type: 'datasource' | 'query' | 'textbox' | 'custom'
  name: string
  label: string
  [key: string]: unknown
}

export interface Dashboard {
  uid: string
  title: string
  description: string
  tags: string[]
  timezone: string
  editable: boolean
  graphTooltip: number
  refresh: string
  schemaVersion: number
  time: { from: string; to: string }
  templating: { list: Variable[] }
  annotations: { list: unknown[] }
  links: unknown[]
  panels: Panel[]
}
