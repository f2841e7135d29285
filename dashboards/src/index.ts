/**
 * Grafana dashboards generated from code (grafana-dash-gen), with provisioning.
 */
export { generateDashboards, dashboardJson, type GeneratedDashboard } from './all-dashboards.ts'
export { writeDashboards } from './write-dashboards.ts'
export { publishDashboards, PublishError, type PublishOptions } from './publish-dashboards.ts'
export { resultShape, CLICKHOUSE_PLUGIN, PROVISIONED_CLICKHOUSE_UID, type ResultShape } from './datasources.ts'
export { ALL } from './variables.ts'
export type { Dashboard, Panel, Target, SqlTarget } from './grafana-json.ts'
