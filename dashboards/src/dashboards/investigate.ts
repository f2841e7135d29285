// Everything about one correlation id (or the correlation ids of one trace):
// every span across services, every log line, and the trace view.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'
import { textboxVariable } from '../variables.ts'
import { INVESTIGATE_UID } from './security-findings.ts'

const correlation = textboxVariable(
  'correlation_id',
  'Correlation id',
  'The x-correlation-id of a request (span attribute correlation.id).',
)
const trace = textboxVariable(
  'trace_id',
  'Trace id',
  'A trace id, e.g. a finding’s sample; its correlation ids are followed too.',
)

// The correlation ids asked for: the one typed in, and those on the trace's spans.
const correlationIds = `(SELECT DISTINCT SpanAttributes['correlation.id'] FROM otel_traces
   WHERE $__timeFilter(Timestamp) AND TraceId = \${trace_id:sqlstring} AND SpanAttributes['correlation.id'] != ''
   UNION DISTINCT SELECT \${correlation_id:sqlstring} WHERE \${correlation_id:sqlstring} != '')`
const matchingTraces = `(SELECT DISTINCT TraceId FROM otel_traces
   WHERE $__timeFilter(Timestamp) AND (TraceId = \${trace_id:sqlstring} OR SpanAttributes['correlation.id'] IN ${correlationIds}))`

export const investigate = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: INVESTIGATE_UID,
    title: 'tracehound · Investigate a correlation id',
    description:
      'Every span and log line of a correlation id across services, and the trace view. Findings link here with their sample trace id.',
    tags: ['investigate'],
    time: { from: 'now-6h', to: 'now' },
    variables: [clickhouseVariable, correlation, trace],
    rows: [
      {
        title: 'Spans',
        height: 360,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Spans',
            description: 'Every span of the traces that carry the correlation id (or of the trace id), in time order.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT Timestamp AS time, ServiceName AS service, SpanKind AS kind, SpanName AS name, Duration / 1e6 AS duration_ms, StatusCode AS status,
  SpanAttributes['correlation.id'] AS correlation_id, SpanAttributes['enduser.id'] AS user, TraceId AS trace_id, SpanId AS span_id, ParentSpanId AS parent_span_id
FROM otel_traces
WHERE $__timeFilter(Timestamp) AND TraceId IN ${matchingTraces}
ORDER BY time
LIMIT 5000`,
              ),
            ],
            overrides: [
              { matcher: { id: 'byName', options: 'duration_ms' }, properties: [{ id: 'unit', value: 'ms' }] },
              {
                matcher: { id: 'byName', options: 'trace_id' },
                properties: [
                  {
                    id: 'links',
                    value: [
                      {
                        title: 'Show this trace',
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
        title: 'Log lines',
        height: 360,
        panels: [
          new GrafanaPanel({
            type: 'logs',
            title: 'Log lines',
            description:
              'Log records carrying the correlation id (attribute correlation_id or correlation.id) or belonging to its traces.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'logs',
                `SELECT Timestamp AS timestamp, Body AS body, SeverityText AS level, ServiceName AS service, TraceId AS traceID, SpanId AS spanID
FROM otel_logs
WHERE $__timeFilter(Timestamp) AND (
  TraceId IN ${matchingTraces}
  OR LogAttributes['correlation_id'] IN ${correlationIds}
  OR LogAttributes['correlation.id'] IN ${correlationIds})
ORDER BY timestamp
LIMIT 5000`,
              ),
            ],
            options: { showTime: true, wrapLogMessage: true, sortOrder: 'Ascending', enableLogDetails: true },
          }),
        ],
      },
      {
        title: 'Trace',
        height: 480,
        panels: [
          new GrafanaPanel({
            type: 'traces',
            title: 'Trace view',
            description:
              'The trace of the trace id variable, in the shape the ClickHouse datasource’s trace mode returns.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'trace',
                `SELECT TraceId AS traceID, SpanId AS spanID, ParentSpanId AS parentSpanID, ServiceName AS serviceName, SpanName AS operationName,
  toUnixTimestamp64Nano(Timestamp) / 1e6 AS startTime, Duration / 1e6 AS duration,
  arrayMap(key -> map('key', key, 'value', SpanAttributes[key]), mapKeys(SpanAttributes)) AS tags,
  arrayMap(key -> map('key', key, 'value', ResourceAttributes[key]), mapKeys(ResourceAttributes)) AS serviceTags,
  SpanKind AS kind, StatusCode AS statusCode, StatusMessage AS statusMessage
FROM otel_traces
WHERE TraceId = \${trace_id:sqlstring}
  -- The trace-id table bounds the scan to the trace's own time span.
  AND Timestamp >= (SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = \${trace_id:sqlstring})
  AND Timestamp <= (SELECT max(End) + 1 FROM otel_traces_trace_id_ts WHERE TraceId = \${trace_id:sqlstring})
ORDER BY startTime
LIMIT 5000`,
              ),
            ],
          }),
        ],
      },
    ],
  })
