// What the detector found: open findings by severity, a timeline per kind,
// and the table with drill-down to the trace of each finding's sample.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'
import { matchesVariable, queryVariable } from '../variables.ts'

const kindVariable = queryVariable('kind', 'Kind', 'SELECT DISTINCT Kind FROM findings ORDER BY Kind')
// Findings keep one row per version; FINAL reads the newest of each.
const current = `findings FINAL WHERE $__timeFilter(WindowStart) AND ${matchesVariable('Kind', 'kind')}`

export const INVESTIGATE_UID = 'tracehound-investigate'

export const securityFindings = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-security-findings',
    title: 'tracehound · Security findings',
    description: 'Findings from the detector: what was seen, against which baseline, and sample traces to open.',
    tags: ['security'],
    time: { from: 'now-24h', to: 'now' },
    variables: [clickhouseVariable, kindVariable],
    rows: [
      {
        title: 'Now',
        height: 180,
        panels: [
          new GrafanaPanel({
            type: 'stat',
            title: 'Open findings by severity',
            description: 'Findings whose condition still holds, per severity, over the time range.',
            span: 6,
            targets: [
              sqlTarget(
                'A',
                'stat',
                `SELECT countIf(Severity = 'critical') AS critical, countIf(Severity = 'high') AS high, countIf(Severity = 'medium') AS medium, countIf(Severity = 'low') AS low
FROM ${current} AND Status = 'open'`,
              ),
            ],
            options: {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              colorMode: 'background',
              graphMode: 'none',
              textMode: 'value_and_name',
            },
            defaults: {
              thresholds: {
                mode: 'absolute',
                steps: [
                  { color: 'green', value: null },
                  { color: 'red', value: 1 },
                ],
              },
            },
          }),
          new GrafanaPanel({
            type: 'stat',
            title: 'Resolved in range',
            description: 'Findings whose condition cleared.',
            span: 6,
            targets: [sqlTarget('A', 'stat', `SELECT count() AS resolved FROM ${current} AND Status = 'resolved'`)],
            options: {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              colorMode: 'value',
              graphMode: 'none',
            },
          }),
        ],
      },
      {
        title: 'Timeline',
        height: 240,
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Findings per kind',
            description: 'Findings by the start of their detection window, per kind.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT $__timeInterval(WindowStart) AS time, Kind, count() AS findings
FROM ${current}
GROUP BY time, Kind
ORDER BY time`,
              ),
            ],
            defaults: { custom: { drawStyle: 'bars', fillOpacity: 80, stacking: { mode: 'normal', group: 'A' } } },
          }),
        ],
      },
      {
        title: 'Incidents',
        height: 300,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Incidents',
            description:
              'The findings of one attack, grouped (the same principal, the same traces across hops, the same source service); newest first. Open a trace id to investigate it.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT FirstSeen AS first_seen, LastSeen AS last_seen, Severity AS severity, Status AS status, Title AS title,
  length(FindingIds) AS findings, arrayStringConcat(HopPath, ' → ') AS path,
  arrayStringConcat(arrayConcat(Users, Addresses), ', ') AS principals,
  arrayStringConcat(Reasons, '; ') AS why, SampleTraceIds[1] AS trace_id, Id AS incident
FROM incidents FINAL
WHERE $__timeFilter(LastSeen) AND Status != 'merged'
ORDER BY first_seen DESC
LIMIT 500`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'trace_id' },
                properties: [
                  {
                    id: 'links',
                    value: [
                      {
                        title: 'Investigate this trace',
                        url: `/d/${INVESTIGATE_UID}?var-trace_id=\${__value.raw}&\${__url_time_range}`,
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        ],
      },
      {
        title: 'Findings',
        height: 420,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Findings',
            description:
              'Newest first. Open a trace id to see the sample trace and every span and log line of its correlation id.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT DetectedAt AS detected_at, Severity AS severity, Kind AS kind, Status AS status,
  EntityService AS service, EntityEndpoint AS endpoint,
  if(EdgeFrom != '', concat(EdgeFrom, ' → ', EdgeTo), '') AS edge,
  EntityUser AS user, Summary AS summary,
  JSONExtract(Evidence, 'sampleTraceIds', 'Array(String)')[1] AS trace_id,
  Fingerprint AS fingerprint
FROM ${current}
ORDER BY detected_at DESC
LIMIT 1000`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'trace_id' },
                properties: [
                  {
                    id: 'links',
                    value: [
                      {
                        title: 'Investigate this trace',
                        url: `/d/${INVESTIGATE_UID}?var-trace_id=\${__value.raw}&\${__url_time_range}`,
                      },
                    ],
                  },
                ],
              },
              {
                matcher: { id: 'byName', options: 'severity' },
                properties: [
                  { id: 'custom.cellOptions', value: { type: 'color-background' } },
                  {
                    id: 'mappings',
                    value: [
                      {
                        type: 'value',
                        options: {
                          critical: { color: 'dark-red', index: 0 },
                          high: { color: 'red', index: 1 },
                          medium: { color: 'orange', index: 2 },
                          low: { color: 'yellow', index: 3 },
                        },
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        ],
      },
    ],
  })
