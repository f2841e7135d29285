// RED per service and per endpoint, from the endpoint_minute rollup.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'
import { matchesVariable, serviceVariable } from '../variables.ts'

// Rollup rows are per minute: a bucket narrower than a minute still holds whole minutes.
const BUCKET_SECONDS = 'greatest($__interval_s, 60)'
const where = `$__timeFilter(Minute) AND ${matchesVariable('ServiceName', 'service')}`

export const serviceOverview = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-service-overview',
    title: 'tracehound · Service overview',
    description: 'Rate, errors and duration (RED) per service and per endpoint, read from the endpoint_minute rollup.',
    tags: ['red'],
    variables: [clickhouseVariable, serviceVariable],
    rows: [
      {
        title: 'Services',
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Requests per second',
            description: 'Server spans per second, per service.',
            span: 4,
            unit: 'reqps',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT toStartOfInterval(Minute, toIntervalSecond(${BUCKET_SECONDS})) AS time, ServiceName, sum(Requests) / ${BUCKET_SECONDS} AS rps
FROM endpoint_minute
WHERE ${where}
GROUP BY time, ServiceName
ORDER BY time`,
              ),
            ],
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Error ratio',
            description: 'Share of server spans that failed (status Error or HTTP 5xx), per service.',
            span: 4,
            unit: 'percentunit',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT toStartOfInterval(Minute, toIntervalSecond(${BUCKET_SECONDS})) AS time, ServiceName, sum(Errors) / sum(Requests) AS error_ratio
FROM endpoint_minute
WHERE ${where}
GROUP BY time, ServiceName
ORDER BY time`,
              ),
            ],
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Latency p99',
            description: '99th percentile of server span duration, per service (t-digest merged across endpoints).',
            span: 4,
            unit: 'ms',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT toStartOfInterval(Minute, toIntervalSecond(${BUCKET_SECONDS})) AS time, ServiceName, quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[3] / 1e6 AS p99_ms
FROM endpoint_minute
WHERE ${where}
GROUP BY time, ServiceName
ORDER BY time`,
              ),
            ],
          }),
        ],
      },
      {
        title: 'Endpoints',
        height: 360,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Endpoints (RED)',
            description: 'Every endpoint (service + method + route) seen in the time range, busiest first.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT ServiceName AS service, Method AS method, Route AS route,
  sum(Requests) AS requests,
  sum(Requests) / greatest(1, dateDiff('second', $__fromTime, $__toTime)) AS rps,
  sum(Errors) / sum(Requests) AS error_ratio,
  sum(Status4xx) / sum(Requests) AS client_error_ratio,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[1] / 1e6 AS p50_ms,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[3] / 1e6 AS p99_ms,
  uniqMerge(Users) AS users
FROM endpoint_minute
WHERE ${where}
GROUP BY service, method, route
ORDER BY requests DESC
LIMIT 500`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'rps' },
                properties: [
                  { id: 'unit', value: 'reqps' },
                  { id: 'decimals', value: 2 },
                ],
              },
              { matcher: { id: 'byRegexp', options: '.*_ratio' }, properties: [{ id: 'unit', value: 'percentunit' }] },
              { matcher: { id: 'byRegexp', options: 'p\\d+_ms' }, properties: [{ id: 'unit', value: 'ms' }] },
            ],
          }),
        ],
      },
    ],
  })
