// One trace's spans for the API (`GET /api/traces/:id`): what a security
// engineer opens from a finding's sample trace ids — services, names, times,
// durations, status, the correlation id and the (already redacted)
// attributes, in start order. Uses the trace-id lookup table to bound the
// time range, as Grafana does.
import type { Store } from '@tracehound/store'

export const TRACE_ID = /^[0-9a-f]{32}$/

export async function readTrace(store: Store, traceId: string): Promise<Record<string, unknown>[]> {
  const rows = await store.query(
    `SELECT SpanId AS span_id, ParentSpanId AS parent_span_id, ServiceName AS service, SpanName AS name, SpanKind AS kind,
            toString(Timestamp) AS start, Duration AS duration_ns, StatusCode AS status, StatusMessage AS status_message,
            SpanAttributes['correlation.id'] AS correlation_id, SpanAttributes AS attributes
     FROM otel_traces
     WHERE TraceId = {traceId:String}
       AND Timestamp >= (SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = {traceId:String})
       AND Timestamp <= (SELECT max(End) FROM otel_traces_trace_id_ts WHERE TraceId = {traceId:String}) + INTERVAL 1 SECOND
     ORDER BY Timestamp, SpanId
     LIMIT 10000`,
    { traceId },
  )
  return rows.map((r) => ({
    ...r,
    duration_ns: Number(r['duration_ns']),
    start: `${String(r['start']).replace(' ', 'T')}Z`,
  }))
}
