// One endpoint, observed against its own recent history, and its callers
// against the endpoint's usual caller — what rate_spike and endpoint_abuse
// findings compare.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'
import { queryVariable } from '../variables.ts'

const service = queryVariable(
  'service',
  'Service',
  'SELECT DISTINCT ServiceName FROM endpoint_minute ORDER BY ServiceName',
  { includeAll: false },
)
const endpoint = queryVariable(
  'endpoint',
  'Endpoint',
  "SELECT DISTINCT concat(Method, ' ', Route) FROM endpoint_minute WHERE ServiceName = ${service:sqlstring} ORDER BY 1",
  { includeAll: false },
)
const isEndpoint = "ServiceName = ${service:sqlstring} AND concat(Method, ' ', Route) = ${endpoint:sqlstring}"
// The baseline at a minute is taken over the hour before it (minutes without
// requests count as 0), so the query reads an hour before the range too.
const BASELINE_MINUTES = 60

export const endpointBaseline = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-endpoint-baseline',
    title: 'tracehound · Endpoint baseline vs observed',
    description: 'One endpoint against its own recent history, and its callers against the endpoint’s typical caller.',
    tags: ['baseline'],
    variables: [clickhouseVariable, service, endpoint],
    rows: [
      {
        title: 'Volume',
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Requests per minute: observed vs baseline',
            description: `Observed requests per minute; baseline = median of the previous ${BASELINE_MINUTES} minutes; upper = their 99th percentile.`,
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT time, observed, baseline, upper
FROM (
  SELECT Minute AS time, observed,
    median(observed) OVER previous AS baseline,
    quantileExact(0.99)(observed) OVER previous AS upper
  FROM (
    SELECT Minute, sum(Requests) AS observed
    FROM endpoint_minute
    WHERE ${isEndpoint} AND Minute >= $__fromTime - toIntervalMinute(${BASELINE_MINUTES}) AND Minute <= $__toTime
    GROUP BY Minute
    ORDER BY Minute WITH FILL FROM toStartOfMinute($__fromTime - toIntervalMinute(${BASELINE_MINUTES})) TO $__toTime STEP toIntervalMinute(1)
  )
  WINDOW previous AS (ORDER BY Minute ROWS BETWEEN ${BASELINE_MINUTES} PRECEDING AND 1 PRECEDING)
)
WHERE $__timeFilter(time)
ORDER BY time`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'baseline' },
                properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
              },
              {
                matcher: { id: 'byName', options: 'upper' },
                properties: [{ id: 'custom.lineStyle', value: { fill: 'dot', dash: [2, 6] } }],
              },
            ],
          }),
        ],
      },
      {
        title: 'Quality',
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Latency',
            description: 'p50 / p90 / p99 of the endpoint’s server spans.',
            span: 6,
            unit: 'ms',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT $__timeInterval(Minute) AS time,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[1] / 1e6 AS p50,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[2] / 1e6 AS p90,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles)[3] / 1e6 AS p99
FROM endpoint_minute
WHERE $__timeFilter(Minute) AND ${isEndpoint}
GROUP BY time
ORDER BY time`,
              ),
            ],
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Status classes',
            description:
              'Share of 4xx and 5xx responses; 401/403/404 bursts are what auth_failures and enumeration look for.',
            span: 6,
            unit: 'percentunit',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT $__timeInterval(Minute) AS time,
  sum(Status4xx) / sum(Requests) AS client_errors,
  sum(Status5xx) / sum(Requests) AS server_errors
FROM endpoint_minute
WHERE $__timeFilter(Minute) AND ${isEndpoint}
GROUP BY time
ORDER BY time`,
              ),
            ],
          }),
        ],
      },
      {
        title: 'Callers',
        height: 360,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Callers vs the typical caller',
            description:
              'Per user (else client address) in the range: requests, distinct object ids and failures, and how many times the median caller’s requests that is.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT caller, requests, objects, failures, forbidden_or_missing,
  requests / median(requests) OVER () AS times_median_caller
FROM (
  SELECT if(UserId != '', UserId, ClientAddress) AS caller,
    sum(Requests) AS requests, uniqMerge(ObjectIds) AS objects, sum(Failures) AS failures,
    sum(Status403) + sum(Status404) AS forbidden_or_missing
  FROM user_endpoint_minute
  WHERE $__timeFilter(Minute) AND ${isEndpoint}
  GROUP BY caller
)
ORDER BY requests DESC
LIMIT 200`,
              ),
            ],
          }),
        ],
      },
    ],
  })
