// The datasources the dashboards query. Panels name them through dashboard
// variables, so one dashboard works against any ClickHouse/Prometheus
// datasource a Grafana has, not only the provisioned ones.
import type { DataSourceRef, PrometheusTarget, SqlTarget, Variable } from './grafana-json.ts'

export const CLICKHOUSE_PLUGIN = 'grafana-clickhouse-datasource'

/** The uid our provisioning gives the ClickHouse datasource (dashboards/provisioning). */
export const PROVISIONED_CLICKHOUSE_UID = 'tracehound-clickhouse'
export const PROVISIONED_PROMETHEUS_UID = 'tracehound-prometheus'

export const clickhouse: DataSourceRef = { type: CLICKHOUSE_PLUGIN, uid: '${datasource}' }
export const prometheus: DataSourceRef = { type: 'prometheus', uid: '${metrics}' }

export const clickhouseVariable: Variable = {
  type: 'datasource',
  name: 'datasource',
  label: 'ClickHouse',
  query: CLICKHOUSE_PLUGIN,
  current: { text: 'tracehound', value: PROVISIONED_CLICKHOUSE_UID },
  hide: 0,
  refresh: 1,
  regex: '',
  options: [],
}

export const prometheusVariable: Variable = {
  type: 'datasource',
  name: 'metrics',
  label: 'Prometheus',
  query: 'prometheus',
  current: { text: 'tracehound-metrics', value: PROVISIONED_PROMETHEUS_UID },
  hide: 0,
  refresh: 1,
  regex: '',
  options: [],
}

/** What a panel needs back from its query; the SQL test checks it on chdb. */
export type ResultShape = 'timeseries' | 'table' | 'stat' | 'nodes' | 'edges' | 'logs' | 'trace'

const FORMAT: Record<ResultShape, SqlTarget['format']> = {
  timeseries: 0,
  table: 1,
  stat: 1,
  nodes: 1,
  edges: 1,
  logs: 2,
  trace: 3,
}
const QUERY_TYPE: Record<ResultShape, SqlTarget['queryType']> = {
  timeseries: 'timeseries',
  table: 'table',
  stat: 'table',
  nodes: 'table',
  edges: 'table',
  logs: 'logs',
  trace: 'traces',
}

export function sqlTarget(refId: string, shape: ResultShape, sql: string): SqlTarget {
  return {
    refId,
    datasource: clickhouse,
    editorType: 'sql',
    format: FORMAT[shape],
    queryType: QUERY_TYPE[shape],
    rawSql: sql.trim(),
  }
}

/**
 * The shape a panel's target must return, from the panel type (and, for the
 * node graph, the refId `nodes` / `edges`); undefined for non-SQL targets.
 */
export function resultShape(panelType: string, target: { refId: string; rawSql?: string }): ResultShape | undefined {
  if (target.rawSql === undefined) return undefined
  if (panelType === 'nodeGraph') return target.refId === 'edges' ? 'edges' : 'nodes'
  if (panelType === 'timeseries' || panelType === 'barchart') return 'timeseries'
  if (panelType === 'stat' || panelType === 'bargauge' || panelType === 'gauge') return 'stat'
  if (panelType === 'logs') return 'logs'
  if (panelType === 'traces') return 'trace'
  return 'table'
}

export function promTarget(refId: string, expr: string, legendFormat: string): PrometheusTarget {
  return { refId, datasource: prometheus, expr, legendFormat }
}
