// What each window reads besides the epoch's baselines — horizon counts,
// its service edges and the edges seen earlier in its epoch, secret-shaped
// values in its spans and logs — read for a chunk of windows at once (the
// windows of one epoch, up to an hour, in a backfill; one window live) and handed out
// window by window. Windows of one chunk lie in one baseline epoch.
import type { Store } from '@tracehound/store'
import { adoptionWait, type DetectorConfig } from './detector-config.ts'
import type { EdgeWindow, KnownEdge, SecretHit, Window } from './detection-input.ts'
import { readHorizonCounts, type HorizonCounts } from './horizon-reader.ts'
import { SECRET_RE2 } from './secret-shapes.ts'

const n = (v: unknown): number => Number(v ?? 0)

export interface WindowReads extends HorizonCounts {
  edges: EdgeWindow[]
  /** Edges seen earlier in the window's baseline epoch (after its history was read). */
  edgesEarlierThisEpoch: KnownEdge[]
  /** Epoch seconds of the first of them. */
  firstEdgeThisEpoch: number | undefined
  secrets: SecretHit[]
  /** endpointKeys seen earlier in the window's baseline epoch (not in its history, not new either). */
  endpointsEarlierThisEpoch: string[]
  /**
   * Endpoints whose wait for adoption ends in this window: first seen (in
   * the reads' range, which reaches back one wait before the epoch) in the
   * window `adoptionWaitSeconds` before this one. Whether they are new at
   * all is for the inventory to say (rollup-reader.ts).
   */
  adoptionDue: { key: string; firstSeen: number }[]
}

/** Reads for windows that must lie in one baseline epoch (what was seen since its start is read once). */
export async function readWindows(
  store: Store,
  windows: readonly Window[],
  config: DetectorConfig,
  epoch: number,
): Promise<Map<number, WindowReads>> {
  const ends = windows.map((w) => w.end)
  const first = Math.min(...windows.map((w) => w.start))
  const last = Math.max(...ends)
  // First minutes are read from one wait (and a window) before the chunk, so an endpoint first
  // seen just before the epoch began still has its adoption judged.
  const wait = adoptionWait(config)
  const since = wait > 0 ? Math.min(epoch, first - wait - config.windowSeconds) : epoch
  const [counts, edgeRows, secretRows, endpointRows] = await Promise.all([
    readHorizonCounts(store, ends, config),
    store.query(
      `SELECT toUInt32(Minute) AS minute, CallerService AS caller, CalleeService AS callee, CalleeMethod AS method, CalleeRoute AS route, CalleeAddress AS address, Source AS source,
              sum(Calls) AS calls, groupUniqArrayMerge(5)(SampleTraceIds) AS samples
       FROM service_edges_minute WHERE Minute >= toDateTime({epoch:UInt32}) AND Minute < toDateTime({to:UInt32})
       GROUP BY minute, caller, callee, method, route, address, source`,
      { epoch, to: last },
    ),
    store.query(
      `SELECT w, service, where, traceId FROM (
         SELECT intDiv(toUInt32(Timestamp) - {origin:UInt32}, {window:UInt32}) * {window:UInt32} + {origin:UInt32} + {window:UInt32} AS w,
                ServiceName AS service, 'span attribute ' || arrayFirst(k -> match(SpanAttributes[k], {re:String}), mapKeys(SpanAttributes)) AS where, TraceId AS traceId
         FROM otel_traces WHERE Timestamp >= toDateTime({origin:UInt32}) AND Timestamp < toDateTime({to:UInt32})
           AND arrayExists(v -> match(v, {re:String}), mapValues(SpanAttributes))
         UNION ALL
         SELECT intDiv(toUInt32(Timestamp) - {origin:UInt32}, {window:UInt32}) * {window:UInt32} + {origin:UInt32} + {window:UInt32} AS w,
                ServiceName AS service, 'log body' AS where, TraceId AS traceId
         FROM otel_logs WHERE Timestamp >= toDateTime({origin:UInt32}) AND Timestamp < toDateTime({to:UInt32}) AND match(Body, {re:String}))
       LIMIT 100 BY w`,
      { origin: first, to: last, window: config.windowSeconds, re: SECRET_RE2 },
    ),
    store.query(
      `SELECT concat(ServiceName, char(0), Method, char(0), Route) AS key, toUInt32(min(Minute)) AS firstMinute
       FROM endpoint_minute WHERE Minute >= toDateTime({since:UInt32}) AND Minute < toDateTime({to:UInt32}) GROUP BY key`,
      { since, to: last },
    ),
  ])
  // When each edge was first seen in the epoch: edges seen before a window are known to it.
  const firstSeen = new Map<string, { edge: KnownEdge; minute: number }>()
  for (const r of edgeRows) {
    const edge: KnownEdge = {
      caller: String(r['caller']),
      callee: String(r['callee']),
      address: String(r['address']),
      source: r['source'] === 'client' ? 'client' : 'span',
    }
    const key = `${edge.caller}\u0000${edge.callee}\u0000${edge.address}\u0000${edge.source}`
    const minute = n(r['minute'])
    if (minute < (firstSeen.get(key)?.minute ?? Infinity)) firstSeen.set(key, { edge, minute })
  }
  const out = new Map<number, WindowReads>()
  for (const window of windows) {
    const inWindow = edgeRows.filter((r) => n(r['minute']) >= window.start && n(r['minute']) < window.end)
    const earlier = [...firstSeen.values()].filter((e) => e.minute < window.start)
    out.set(window.end, {
      ...(counts.get(window.end) ?? {
        principalCounts: [],
        endpointCounts: [],
        addressAuthCounts: [],
        serviceSpanCounts: [],
      }),
      edges: mergeEdges(inWindow),
      edgesEarlierThisEpoch: earlier.map((e) => e.edge),
      firstEdgeThisEpoch: earlier.length > 0 ? Math.min(...earlier.map((e) => e.minute)) : undefined,
      endpointsEarlierThisEpoch: endpointRows
        .filter((r) => n(r['firstMinute']) < window.start)
        .map((r) => String(r['key'])),
      adoptionDue:
        wait > 0
          ? endpointRows
              .filter((r) => {
                const firstSeen = n(r['firstMinute'])
                return firstSeen >= window.start - wait && firstSeen < window.start - wait + config.windowSeconds
              })
              .map((r) => ({ key: String(r['key']), firstSeen: n(r['firstMinute']) }))
          : [],
      secrets: secretRows
        .filter((r) => n(r['w']) === window.end)
        .map((r) => ({ service: String(r['service']), where: String(r['where']), traceId: String(r['traceId']) })),
    })
  }
  return out
}

/** Per-minute edge rows of one window → one row per edge. */
function mergeEdges(rows: readonly Record<string, unknown>[]): EdgeWindow[] {
  const byKey = new Map<string, EdgeWindow>()
  for (const r of rows) {
    const source = r['source'] === 'client' ? 'client' : 'span'
    const key = [r['caller'], r['callee'], r['method'], r['route'], r['address'], source].map(String).join('\u0000')
    const edge = byKey.get(key) ?? {
      caller: String(r['caller']),
      callee: String(r['callee']),
      method: String(r['method']),
      route: String(r['route']),
      address: String(r['address']),
      source,
      calls: 0,
      sampleTraceIds: [],
    }
    edge.calls += n(r['calls'])
    for (const id of (r['samples'] as string[]) ?? [])
      if (edge.sampleTraceIds.length < 5 && !edge.sampleTraceIds.includes(id)) edge.sampleTraceIds.push(id)
    byKey.set(key, edge)
  }
  return [...byKey.values()]
}
