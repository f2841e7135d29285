// Compliance per service: how much of its traffic carries a correlation id,
// how often redaction fired, and the hygiene findings against it.
import { buildDashboard } from '../build-dashboard.ts'
import { clickhouseVariable, sqlTarget } from '../datasources.ts'
import { GrafanaPanel } from '../panel.ts'

const coverage = `SELECT ServiceName AS service,
  count() AS spans,
  countIf(SpanAttributes['correlation.id'] != '') / count() AS correlation_coverage,
  countIf(SpanKind = 'Server' AND SpanAttributes['correlation.id'] = '') AS server_spans_without_id,
  countIf(arrayExists(v -> position(v, '[REDACTED') > 0, mapValues(SpanAttributes))) AS spans_with_redactions
FROM otel_traces
WHERE $__timeFilter(Timestamp)
GROUP BY service`

export const compliance = (): ReturnType<typeof buildDashboard> =>
  buildDashboard({
    uid: 'tracehound-compliance',
    title: 'tracehound · Compliance',
    description:
      'Correlation-id and redaction coverage per service, with the hygiene findings (missing_correlation_id, secret_leak).',
    tags: ['compliance'],
    time: { from: 'now-24h', to: 'now' },
    variables: [clickhouseVariable],
    rows: [
      {
        title: 'Coverage',
        panels: [
          new GrafanaPanel({
            type: 'bargauge',
            title: 'Spans with a correlation id',
            description:
              'Share of each service’s spans (server, client and internal) that carry correlation.id. Anything below 100 % is a gap in the instrumentation.',
            span: 6,
            unit: 'percentunit',
            targets: [
              sqlTarget(
                'A',
                'stat',
                `SELECT service, correlation_coverage FROM (${coverage}) ORDER BY correlation_coverage`,
              ),
            ],
            defaults: {
              min: 0,
              max: 1,
              thresholds: {
                mode: 'absolute',
                steps: [
                  { color: 'red', value: null },
                  { color: 'orange', value: 0.95 },
                  { color: 'green', value: 0.999 },
                ],
              },
            },
            options: {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
              orientation: 'horizontal',
              displayMode: 'gradient',
            },
          }),
          new GrafanaPanel({
            type: 'table',
            title: 'Per service',
            description:
              'Spans, correlation coverage, server spans without an id, spans where redaction replaced a value, and open hygiene findings.',
            span: 6,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT c.service AS service, spans, correlation_coverage, server_spans_without_id, spans_with_redactions,
  f.missing_correlation_id AS missing_id_findings, f.secret_leak AS secret_leak_findings
FROM (${coverage}) AS c
LEFT JOIN (
  SELECT EntityService AS service, countIf(Kind = 'missing_correlation_id') AS missing_correlation_id, countIf(Kind = 'secret_leak') AS secret_leak
  FROM findings FINAL
  WHERE $__timeFilter(WindowStart) AND Status = 'open'
  GROUP BY service
) AS f ON f.service = c.service
ORDER BY correlation_coverage, service`,
              ),
            ],
            overrides: [
              {
                matcher: { id: 'byName', options: 'correlation_coverage' },
                properties: [{ id: 'unit', value: 'percentunit' }],
              },
            ],
          }),
        ],
      },
      {
        title: 'Hygiene findings',
        height: 300,
        panels: [
          new GrafanaPanel({
            type: 'table',
            title: 'Hygiene findings',
            description: 'missing_correlation_id and secret_leak findings in the range, newest first.',
            span: 12,
            targets: [
              sqlTarget(
                'A',
                'table',
                `SELECT DetectedAt AS detected_at, Kind AS kind, Status AS status, EntityService AS service, Summary AS summary
FROM findings FINAL
WHERE $__timeFilter(WindowStart) AND Kind IN ('missing_correlation_id', 'secret_leak')
ORDER BY detected_at DESC
LIMIT 500`,
              ),
            ],
          }),
        ],
      },
    ],
  })
