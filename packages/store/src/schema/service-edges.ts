// Service edges per minute. An edge caller → callee is a child span whose
// parent span belongs to another service (Jaeger's dependency job, Tempo's
// service graph). Both halves of a pair may arrive in different inserts, so:
//   - span_links keeps a narrow copy of recent spans (TTL: pairing horizon);
//   - edges_paired_mv counts, for each inserted block, the pairs whose LATER
//     half is in this block: both halves in the block, or one in the block and
//     the other already in span_links (rows of the block itself are excluded
//     from that side, so it does not matter whether span_links_mv ran first).
//   Every pair is counted exactly once, whatever the arrival order.
// CLIENT/PRODUCER spans naming peer.service or server.address give the
// caller's view (edges_client_mv): the only edge to an uninstrumented target
// (a database, an external API), and the address → service mapping when the
// target is instrumented too (paired rows carry the parent's address).
import type { TableDef, ViewDef } from './definitions.ts'
import * as span from './span-expressions.ts'

export const spanLinks: TableDef = {
  name: 'span_links',
  comment: 'Narrow copy of recent spans, for pairing parent and child spans that arrive in different inserts.',
  columns: [
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['ParentSpanId', 'String'],
    ['Timestamp', 'DateTime64(9)'],
    ['ServiceName', 'LowCardinality(String)'],
    ['SpanKind', 'LowCardinality(String)'],
    ['Method', 'LowCardinality(String)'],
    ['Route', 'LowCardinality(String)'],
    ['PeerService', 'LowCardinality(String)'],
    ['ServerAddress', 'LowCardinality(String)'],
    ['IsError', 'UInt8'],
    // Arrival time, not event time: a replayed or backfilled span must wait
    // for its partner as long as a live one does.
    ['ArrivedAt', 'DateTime DEFAULT now()'],
  ],
  engine: 'MergeTree',
  orderBy: '(TraceId, SpanId)',
  ttl: 'ArrivedAt + toIntervalMinute({pairing_horizon_minutes})',
  settings: { ttl_only_drop_parts: 0, merge_with_ttl_timeout: 600 },
  shardingKey: 'cityHash64(TraceId)',
}

const linkColumns = `TraceId, SpanId, ParentSpanId, Timestamp, ServiceName, SpanKind,
  ${span.method} AS Method, ${span.route} AS Route, ${span.peerService} AS PeerService,
  ${span.serverAddress} AS ServerAddress, toUInt8(${span.isError}) AS IsError`

export const spanLinksMv: ViewDef = {
  name: 'span_links_mv',
  to: 'span_links',
  comment: 'otel_traces → span_links.',
  select: `SELECT ${linkColumns} FROM {otel_traces}`,
}

export const serviceEdgesMinute: TableDef = {
  name: 'service_edges_minute',
  comment: 'Caller service → callee service/endpoint per minute, paired from spans or seen from client spans.',
  columns: [
    ['Minute', 'DateTime', 'Delta, ZSTD(1)'],
    ['CallerService', 'LowCardinality(String)'],
    ['CalleeService', 'LowCardinality(String)'],
    ['CalleeMethod', 'LowCardinality(String)'],
    ['CalleeRoute', 'LowCardinality(String)'],
    ['CalleeAddress', 'LowCardinality(String)'],
    // 'span': paired parent/child spans; 'client': a client span's own view of its target.
    ['Source', 'LowCardinality(String)'],
    ['Calls', 'SimpleAggregateFunction(sum, UInt64)'],
    ['Errors', 'SimpleAggregateFunction(sum, UInt64)'],
    ['FirstSeen', 'SimpleAggregateFunction(min, DateTime64(9))'],
    ['LastSeen', 'SimpleAggregateFunction(max, DateTime64(9))'],
    ['SampleTraceIds', 'AggregateFunction(groupUniqArray(5), String)'],
  ],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toYYYYMM(Minute)',
  orderBy: '(CallerService, CalleeService, CalleeMethod, CalleeRoute, CalleeAddress, Source, Minute)',
  ttl: 'Minute + toIntervalDay({rollup_retention_days})',
}

export const edgesPairedMv: ViewDef = {
  name: 'service_edges_paired_mv',
  to: 'service_edges_minute',
  comment: 'Parent/child spans in different services → service_edges_minute, once per pair.',
  select: `WITH
  block AS (SELECT ${linkColumns} FROM {otel_traces}),
  earlier AS (
    SELECT * EXCEPT ArrivedAt FROM {span_links}
    WHERE TraceId IN (SELECT TraceId FROM {otel_traces})
      AND (TraceId, SpanId) NOT IN (SELECT TraceId, SpanId FROM {otel_traces})
  ),
  pairs AS (
    SELECT p.ServiceName AS Caller, p.PeerService AS CallerPeer, p.ServerAddress AS CallerAddress,
           c.ServiceName AS Callee, c.Method AS Method, c.Route AS Route, c.IsError AS IsError,
           c.Timestamp AS Timestamp, c.TraceId AS TraceId
    FROM block AS c INNER JOIN block AS p ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
    UNION ALL
    SELECT p.ServiceName, p.PeerService, p.ServerAddress, c.ServiceName, c.Method, c.Route, c.IsError, c.Timestamp, c.TraceId
    FROM block AS c INNER JOIN earlier AS p ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
    UNION ALL
    SELECT p.ServiceName, p.PeerService, p.ServerAddress, c.ServiceName, c.Method, c.Route, c.IsError, c.Timestamp, c.TraceId
    FROM earlier AS c INNER JOIN block AS p ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
  )
SELECT
  toStartOfMinute(Timestamp) AS Minute,
  Caller AS CallerService,
  Callee AS CalleeService,
  Method AS CalleeMethod,
  Route AS CalleeRoute,
  if(CallerPeer != '', CallerPeer, CallerAddress) AS CalleeAddress,
  'span' AS Source,
  count() AS Calls,
  sum(IsError) AS Errors,
  min(Timestamp) AS FirstSeen,
  max(Timestamp) AS LastSeen,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM pairs
WHERE Caller != Callee
GROUP BY Minute, CallerService, CalleeService, CalleeMethod, CalleeRoute, CalleeAddress`,
}

export const edgesClientMv: ViewDef = {
  name: 'service_edges_client_mv',
  to: 'service_edges_minute',
  comment: 'Client/producer spans naming their target → service_edges_minute.',
  select: `SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName AS CallerService,
  ${span.peerService} AS CalleeService,
  ${span.method} AS CalleeMethod,
  '' AS CalleeRoute,
  if(${span.peerService} != '', ${span.peerService}, ${span.serverAddress}) AS CalleeAddress,
  'client' AS Source,
  count() AS Calls,
  countIf(${span.isError}) AS Errors,
  min(Timestamp) AS FirstSeen,
  max(Timestamp) AS LastSeen,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM {otel_traces}
WHERE SpanKind IN ('Client', 'Producer') AND (${span.peerService} != '' OR ${span.serverAddress} != '')
GROUP BY Minute, CallerService, CalleeService, CalleeMethod, CalleeAddress`,
}
