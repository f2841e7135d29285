// Reads one window's DetectionInput from the store: rollups for the window and
// for the baseline history before it (never a scan of otel_traces for
// baselines). Every value is a bound parameter.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { DetectionInput, Window } from './detection-input.ts'
import { FlowBaseline } from './flow-baseline.ts'
import { readFlowBypasses } from './flow-bypass-reader.ts'

const n = (v: unknown): number => Number(v ?? 0)
const ts = (v: unknown): number => Math.floor(Date.parse(`${String(v).replace(' ', 'T')}Z`) / 1000)

/** High-confidence secret shapes, as RE2 (ClickHouse `match`): a hit means a secret reached the store. */
export const SECRET_RE2 = [
  'eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.',
  '(?i:bearer|basic) [A-Za-z0-9._~+/=-]{16,}',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  '\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b',
  '\\bgh[pousr]_[A-Za-z0-9]{36,}',
  '\\bxox[abposr]-[A-Za-z0-9-]{10,}',
  '\\b(?:sk|rk)_live_[A-Za-z0-9]{16,}',
  '[a-z][a-z0-9+.-]*://[^:/\\s@]+:[^@\\s/]+@',
].join('|')

/** `flows` caches the learned flows across windows; without it, each call learns them again. */
export async function readDetectionInput(store: Store, window: Window, config: DetectorConfig, flows: FlowBaseline = new FlowBaseline(store, config)): Promise<DetectionInput> {
  const params = { start: window.start, end: window.end, history: window.start - config.baselineSeconds }
  const inWindow = 'Minute >= toDateTime({start:UInt32}) AND Minute < toDateTime({end:UInt32})'
  const inHistory = 'Minute >= toDateTime({history:UInt32}) AND Minute < toDateTime({start:UInt32})'

  const [flowBypasses, endpoints, endpointHistory, callers, callerHistory, edges, knownEdges, graph, correlation, secrets] = await Promise.all([
    flows.flowsFor(window).then((learned) => readFlowBypasses(store, window, learned, config)),
    store.query(
      `SELECT ServiceName AS service, Method AS method, Route AS route, sum(Requests) AS requests, sum(Errors) AS errors,
              groupUniqArrayMerge(5)(SampleTraceIds) AS samples
       FROM endpoint_minute WHERE ${inWindow} GROUP BY service, method, route`,
      params,
    ),
    // Volume history per endpoint: the recent hours, and the minutes at this
    // time of day (± slot) on earlier days — not every minute of the week.
    store.query(
      `SELECT service, method, route, min(m) AS firstSeen,
              groupArrayIf(r, m >= toDateTime({recent:UInt32})) AS perMinute,
              groupArrayIf(r, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonal,
              groupArrayIf(daysAgo, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonalDaysAgo
       FROM (
         SELECT ServiceName AS service, Method AS method, Route AS route, Minute AS m, sum(Requests) AS r,
                {start:Int64} - toInt64(toUnixTimestamp(Minute)) AS ago,
                modulo(ago + 43200, 86400) - 43200 AS dayOffset, intDiv(ago + 43200, 86400) AS daysAgo
         FROM endpoint_minute WHERE ${inHistory} GROUP BY service, method, route, m)
       GROUP BY service, method, route`,
      { ...params, recent: window.start - config.recentSeconds, slot: config.seasonalSlotSeconds },
    ),
    store.query(
      `SELECT ServiceName AS service, Method AS method, Route AS route, UserId AS userId, ClientAddress AS clientAddress,
              sum(Requests) AS requests, sum(Failures) AS failures, sum(Status401) AS s401, sum(Status403) AS s403, sum(Status404) AS s404,
              uniqMerge(ObjectIds) AS objects, groupUniqArrayMerge(5)(SampleTraceIds) AS samples, groupUniqArrayMerge(5)(SampleObjectIds) AS sampleObjects
       FROM user_endpoint_minute WHERE ${inWindow} GROUP BY service, method, route, userId, clientAddress`,
      params,
    ),
    store.query(
      `SELECT service, method, route, groupArray(5000)(r) AS requests, groupArray(5000)(o) AS objects FROM (
         SELECT ServiceName AS service, Method AS method, Route AS route, UserId, ClientAddress, Minute, sum(Requests) AS r, uniqMerge(ObjectIds) AS o
         FROM user_endpoint_minute WHERE ${inHistory} GROUP BY service, method, route, UserId, ClientAddress, Minute ORDER BY Minute DESC)
       GROUP BY service, method, route`,
      params,
    ),
    store.query(
      `SELECT CallerService AS caller, CalleeService AS callee, CalleeMethod AS method, CalleeRoute AS route, CalleeAddress AS address, Source AS source,
              sum(Calls) AS calls, groupUniqArrayMerge(5)(SampleTraceIds) AS samples
       FROM service_edges_minute WHERE ${inWindow} GROUP BY caller, callee, method, route, address, source`,
      params,
    ),
    store.query(
      `SELECT DISTINCT CallerService AS caller, CalleeService AS callee, CalleeAddress AS address, Source AS source
       FROM service_edges_minute WHERE ${inHistory}`,
      params,
    ),
    store.query(`SELECT toString(min(Minute)) AS since, count() AS rows FROM service_edges_minute WHERE ${inHistory}`, params),
    store.query(
      `SELECT ServiceName AS service, count() AS spans, countIf(SpanAttributes['correlation.id'] = '') AS missing,
              groupUniqArrayIf(5)(TraceId, SpanAttributes['correlation.id'] = '') AS samples
       FROM otel_traces WHERE Timestamp >= toDateTime({start:UInt32}) AND Timestamp < toDateTime({end:UInt32}) GROUP BY service`,
      params,
    ),
    store.query(
      `SELECT ServiceName AS service, 'span attribute ' || arrayFirst(k -> match(SpanAttributes[k], {re:String}), mapKeys(SpanAttributes)) AS where, TraceId AS traceId
       FROM otel_traces WHERE Timestamp >= toDateTime({start:UInt32}) AND Timestamp < toDateTime({end:UInt32})
         AND arrayExists(v -> match(v, {re:String}), mapValues(SpanAttributes))
       UNION ALL
       SELECT ServiceName AS service, 'log body' AS where, TraceId AS traceId
       FROM otel_logs WHERE Timestamp >= toDateTime({start:UInt32}) AND Timestamp < toDateTime({end:UInt32}) AND match(Body, {re:String})
       LIMIT 100`,
      { ...params, re: SECRET_RE2 },
    ),
  ])

  const graphRow = graph[0] as { since?: string; rows?: unknown } | undefined
  return {
    window,
    endpoints: endpoints.map((r) => ({ service: String(r['service']), method: String(r['method']), route: String(r['route']), requests: n(r['requests']), errors: n(r['errors']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
    endpointHistory: endpointHistory.map((r) => ({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      firstSeen: ts(r['firstSeen']),
      perMinute: (r['perMinute'] as unknown[]).map(n),
      seasonal: (r['seasonal'] as unknown[]).map(n),
      seasonalDaysAgo: (r['seasonalDaysAgo'] as unknown[]).map(n),
    })),
    callers: callers.map((r) => ({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      userId: String(r['userId']),
      clientAddress: String(r['clientAddress']),
      requests: n(r['requests']),
      failures: n(r['failures']),
      status401: n(r['s401']),
      status403: n(r['s403']),
      status404: n(r['s404']),
      objectIds: n(r['objects']),
      sampleTraceIds: (r['samples'] as string[]) ?? [],
      sampleObjectIds: (r['sampleObjects'] as string[]) ?? [],
    })),
    callerHistory: callerHistory.map((r) => ({ service: String(r['service']), method: String(r['method']), route: String(r['route']), requests: (r['requests'] as unknown[]).map(n), objectIds: (r['objects'] as unknown[]).map(n) })),
    edges: edges.map((r) => ({ caller: String(r['caller']), callee: String(r['callee']), method: String(r['method']), route: String(r['route']), address: String(r['address']), source: r['source'] === 'client' ? 'client' : 'span', calls: n(r['calls']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
    knownEdges: knownEdges.map((r) => ({ caller: String(r['caller']), callee: String(r['callee']), address: String(r['address']), source: r['source'] === 'client' ? 'client' : 'span' })),
    graphSince: graphRow && n(graphRow.rows) > 0 ? ts(graphRow.since) : undefined,
    correlation: correlation.map((r) => ({ service: String(r['service']), spans: n(r['spans']), missing: n(r['missing']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
    secrets: secrets.map((r) => ({ service: String(r['service']), where: String(r['where']), traceId: String(r['traceId']) })),
    flowBypasses,
  }
}
