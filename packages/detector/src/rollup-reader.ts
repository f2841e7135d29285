// Reads one window's DetectionInput from the store: the window's rollups,
// counts over the horizons ending at it (horizon-reader.ts), and the
// baselines learned once per hour (baseline-cache.ts), so a window's cost
// does not depend on how much history exists. Every value is a bound
// parameter.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { DetectionInput, Window } from './detection-input.ts'
import { HourlyBaselines } from './baseline-cache.ts'
import { FlowBaseline } from './flow-baseline.ts'
import { readFlowBypasses } from './flow-bypass-reader.ts'
import { readHorizonCounts } from './horizon-reader.ts'

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

/** What detection keeps across windows: learned flows and the hourly baselines. */
export class DetectionState {
  readonly flows: FlowBaseline
  readonly baselines: HourlyBaselines
  constructor(store: Store, config: DetectorConfig) {
    this.flows = new FlowBaseline(store, config)
    this.baselines = new HourlyBaselines(store, config)
  }
}

/** `state` caches what is learned across windows; without it, each call learns it again. */
export async function readDetectionInput(store: Store, window: Window, config: DetectorConfig, state: DetectionState = new DetectionState(store, config)): Promise<DetectionInput> {
  const params = { start: window.start, end: window.end, history: window.start - config.baselineSeconds }
  const inWindow = 'Minute >= toDateTime({start:UInt32}) AND Minute < toDateTime({end:UInt32})'
  const inHistory = 'Minute >= toDateTime({history:UInt32}) AND Minute < toDateTime({start:UInt32})'

  const [flowBypasses, hour, counts, endpoints, edges, knownEdges, graph, secrets] = await Promise.all([
    state.flows.flowsFor(window).then((learned) => readFlowBypasses(store, window, learned, config)),
    state.baselines.for(window),
    readHorizonCounts(store, window, config),
    store.query(
      `SELECT ServiceName AS service, Method AS method, Route AS route, sum(Requests) AS requests, sum(Errors) AS errors,
              groupUniqArrayMerge(5)(SampleTraceIds) AS samples
       FROM endpoint_minute WHERE ${inWindow} GROUP BY service, method, route`,
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
    horizons: config.horizonsMinutes,
    endpoints: endpoints.map((r) => ({ service: String(r['service']), method: String(r['method']), route: String(r['route']), requests: n(r['requests']), errors: n(r['errors']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
    endpointHistory: hour.endpointHistory,
    ...counts,
    baselines: hour.baselines,
    edges: edges.map((r) => ({ caller: String(r['caller']), callee: String(r['callee']), method: String(r['method']), route: String(r['route']), address: String(r['address']), source: r['source'] === 'client' ? 'client' : 'span', calls: n(r['calls']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
    knownEdges: knownEdges.map((r) => ({ caller: String(r['caller']), callee: String(r['callee']), address: String(r['address']), source: r['source'] === 'client' ? 'client' : 'span' })),
    graphSince: graphRow && n(graphRow.rows) > 0 ? ts(graphRow.since) : undefined,
    secrets: secrets.map((r) => ({ service: String(r['service']), where: String(r['where']), traceId: String(r['traceId']) })),
    flowBypasses,
  }
}
