// Is the pipeline keeping up: spans stored, freshness, arrival delay and
// alert deliveries from ClickHouse; consumer lag, dead letters and gateway
// responses from the stages' /metrics (Prometheus).
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, prometheusVariable, promTarget, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'

export const pipelineHealth = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-pipeline-health',
    title: 'tracehound · Pipeline health',
    description: 'Ingest throughput, freshness, arrival delay, consumer lag, dead letters and alert deliveries.',
    tags: ['pipeline'],
    variables: [clickhouseVariable, prometheusVariable],
    rows: [
      {
        title: 'Store',
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Spans and log records stored',
            description: 'Rows per second by event time (span start / log time).',
            span: 4,
            unit: 'rowsps',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT $__timeInterval(Timestamp) AS time, count() / $__interval_s AS spans FROM otel_traces WHERE $__timeFilter(Timestamp) GROUP BY time ORDER BY time`,
              ),
              sqlTarget(
                'B',
                'timeseries',
                `SELECT $__timeInterval(Timestamp) AS time, count() / $__interval_s AS log_records FROM otel_logs WHERE $__timeFilter(Timestamp) GROUP BY time ORDER BY time`,
              ),
            ],
          }),
          new GrafanaPanel({
            type: 'stat',
            title: 'Newest span age',
            description:
              'Seconds since the newest stored span started, per service: a service that stopped reporting (or a stalled pipeline) grows here.',
            span: 4,
            unit: 's',
            targets: [
              sqlTarget(
                'A',
                'stat',
                `SELECT ServiceName AS service, dateDiff('second', max(Timestamp), now64(9)) AS age_seconds
FROM otel_traces
WHERE Timestamp >= now() - toIntervalDay(1)
GROUP BY service
ORDER BY service`,
              ),
            ],
            options: {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
              colorMode: 'value',
              graphMode: 'none',
            },
            defaults: {
              thresholds: {
                mode: 'absolute',
                steps: [
                  { color: 'green', value: null },
                  { color: 'orange', value: 120 },
                  { color: 'red', value: 600 },
                ],
              },
            },
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Arrival delay',
            description:
              'Time from a span’s start to its arrival in the store (span_links.ArrivedAt), p50 and p99, over the pairing horizon.',
            span: 4,
            unit: 's',
            targets: [
              sqlTarget(
                'A',
                'timeseries',
                `SELECT $__timeInterval(ArrivedAt) AS time,
  quantile(0.5)(dateDiff('millisecond', Timestamp, ArrivedAt) / 1000) AS p50,
  quantile(0.99)(dateDiff('millisecond', Timestamp, ArrivedAt) / 1000) AS p99
FROM span_links
WHERE $__timeFilter(ArrivedAt)
GROUP BY time
ORDER BY time`,
              ),
            ],
          }),
        ],
      },
      {
        title: 'Kafka and gateway',
        panels: [
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Consumer lag',
            description: 'Messages behind the high watermark, per partition (tracehound ingest /metrics).',
            span: 4,
            targets: [promTarget('A', 'sum by (partition) (tracehound_ingest_consumer_lag)', '{{partition}}')],
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Rows inserted and dead letters',
            description: 'Rows written per second by table, and messages sent to the dead-letter topic.',
            span: 4,
            unit: 'rowsps',
            targets: [
              promTarget(
                'A',
                'sum by (table) (rate(tracehound_ingest_rows_inserted_total[$__rate_interval]))',
                '{{table}}',
              ),
              promTarget(
                'B',
                'sum by (topic) (rate(tracehound_ingest_dead_letters_total[$__rate_interval]))',
                'dead letters {{topic}}',
              ),
            ],
          }),
          new GrafanaPanel({
            type: 'timeseries',
            title: 'Gateway responses',
            description: 'OTLP/HTTP requests per second by status; 503 means back-pressure from Kafka.',
            span: 4,
            unit: 'reqps',
            targets: [
              promTarget(
                'A',
                'sum by (status) (rate(tracehound_gateway_requests_total[$__rate_interval]))',
                '{{status}}',
              ),
            ],
          }),
        ],
      },
      {
        title: 'Alerts',
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Alert deliveries',
            description:
              'Notifications in the outbox by receiver and state: pending (waiting or retrying), sent, failed (will retry), dead (gave up, body kept).',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT Receiver AS receiver, Status AS status, count() AS notifications, max(Attempts) AS max_attempts, argMax(LastError, CreatedAt) AS last_error
FROM alert_outbox FINAL
WHERE $__timeFilter(CreatedAt)
GROUP BY receiver, status
ORDER BY receiver, status`,
              ),
            ],
          }),
        ],
      },
    ],
  })
