// Every dashboard tracehound ships, with the file name it is committed under.
import type { Dashboard } from './grafana-json.ts'
import { compliance } from './dashboards/compliance.ts'
import { endpointBaseline } from './dashboards/endpoint-baseline.ts'
import { investigate } from './dashboards/investigate.ts'
import { pipelineHealth } from './dashboards/pipeline-health.ts'
import { securityFindings } from './dashboards/security-findings.ts'
import { serviceMap } from './dashboards/service-map.ts'
import { serviceOverview } from './dashboards/service-overview.ts'

export interface GeneratedDashboard {
  /** File name under dashboards/json (and under --out). */
  file: string
  dashboard: Dashboard
}

export function generateDashboards(): GeneratedDashboard[] {
  return [serviceOverview, serviceMap, securityFindings, endpointBaseline, investigate, compliance, pipelineHealth].map(
    (make) => {
      const dashboard = make()
      return { file: `${dashboard.uid.replace(/^tracehound-/, '')}.json`, dashboard }
    },
  )
}

/** The JSON text committed for a dashboard: stable key order, two-space indent, final newline. */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`
}
