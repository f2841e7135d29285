// The live service graph: Grafana's node graph over the service_edges_minute
// rollup, and the edges that appeared in the time range.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'

const edges = `SELECT CallerService AS caller,
  if(CalleeService != '', CalleeService, CalleeAddress) AS callee,
  sum(Calls) AS calls, sum(Errors) AS errors
FROM service_edges_minute
WHERE $__timeFilter(Minute)
GROUP BY caller, callee`

export const serviceMap = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-service-map',
    title: 'tracehound · Service map',
    description:
      'Who calls whom: edges paired from parent/child spans across services, plus client spans to uninstrumented targets.',
    tags: ['service-graph'],
    variables: [clickhouseVariable],
    rows: [
      {
        title: 'Service graph',
        height: 540,
        panels: [
          new GrafanaPanel({
            type: 'nodeGraph',
            title: 'Service map',
            description:
              'Nodes are services (arc: share of failed calls received); edges are calls in the time range. Node graph frames: nodes (id, title, mainstat, secondarystat, arc__*) and edges (id, source, target, mainstat, secondarystat).',
            span: 12,
            targets: [
              sqlTarget(
                'nodes',
                'nodes',
                `WITH e AS (${edges})
SELECT service AS id, service AS title,
  sum(received) AS mainstat,
  sum(failed) / greatest(1, sum(received)) AS secondarystat,
  1 - sum(failed) / greatest(1, sum(received)) AS arc__ok,
  sum(failed) / greatest(1, sum(received)) AS arc__errors
FROM (
  SELECT caller AS service, 0 AS received, 0 AS failed FROM e
  UNION ALL
  SELECT callee AS service, calls AS received, errors AS failed FROM e
)
GROUP BY service
ORDER BY service`,
              ),
              sqlTarget(
                'edges',
                'edges',
                `SELECT concat(caller, '->', callee) AS id, caller AS source, callee AS target, calls AS mainstat, errors AS secondarystat
FROM (${edges})
ORDER BY id`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'arc__ok' },
                properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'green' } }],
              },
              {
                matcher: { id: 'byName', options: 'arc__errors' },
                properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }],
              },
            ],
            options: {
              nodes: { mainStatUnit: 'short', secondaryStatUnit: 'percentunit' },
              edges: { mainStatUnit: 'short', secondaryStatUnit: 'short' },
            },
          }),
        ],
      },
      {
        title: 'Edges',
        height: 300,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Edges and when they were first seen',
            description:
              'Every caller → callee edge in the range with the first time it was ever seen (within rollup retention); a recent first-seen is what new_edge findings are about.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT caller, callee, source, calls, errors, first_seen, last_seen
FROM (
  SELECT CallerService AS caller, if(CalleeService != '', CalleeService, CalleeAddress) AS callee, Source AS source,
    sum(Calls) AS calls, sum(Errors) AS errors, max(LastSeen) AS last_seen
  FROM service_edges_minute
  WHERE $__timeFilter(Minute)
  GROUP BY caller, callee, source
) AS in_range
LEFT JOIN (
  SELECT CallerService AS caller, if(CalleeService != '', CalleeService, CalleeAddress) AS callee, min(FirstSeen) AS first_seen
  FROM service_edges_minute
  GROUP BY caller, callee
) AS ever USING (caller, callee)
ORDER BY first_seen DESC`,
              ),
            ],
          }),
        ],
      },
    ],
  })
