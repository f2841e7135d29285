// Materialized rollups the detector reads instead of scanning otel_traces.
// Each view runs on every inserted block of otel_traces (an insert trigger),
// so a rollup row is written in the same insert as its spans, and an insert
// retried with the same deduplication token is skipped by the views too.
import type { TableDef, ViewDef } from './definitions.ts'
import * as span from './span-expressions.ts'

const sum = (type = 'UInt64'): string => `SimpleAggregateFunction(sum, ${type})`
const sampleIds = 'AggregateFunction(groupUniqArray(5), String)'

/** Quantile levels kept in the latency state; the detector reads them by position. */
export const LATENCY_QUANTILES = [0.5, 0.9, 0.99] as const
const latencyState = `AggregateFunction(quantilesTDigest(${LATENCY_QUANTILES.join(', ')}), UInt64)`

export const endpointMinute: TableDef = {
  name: 'endpoint_minute',
  comment:
    'Per endpoint (service + method + route) per minute: volume, errors, status classes, latency, distinct users.',
  columns: [
    ['Minute', 'DateTime', 'Delta, ZSTD(1)'],
    ['ServiceName', 'LowCardinality(String)'],
    ['Method', 'LowCardinality(String)'],
    ['Route', 'LowCardinality(String)'],
    ['Requests', sum()],
    ['Errors', sum()],
    ['Status2xx', sum()],
    ['Status3xx', sum()],
    ['Status4xx', sum()],
    ['Status5xx', sum()],
    ['DurationSum', sum()],
    ['DurationQuantiles', latencyState],
    ['Users', 'AggregateFunction(uniq, String)'],
    ['Principals', 'AggregateFunction(uniq, String)'],
    ['SampleTraceIds', sampleIds],
  ],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toYYYYMM(Minute)',
  orderBy: '(ServiceName, Method, Route, Minute)',
  ttl: 'Minute + toIntervalDay({rollup_retention_days})',
}

/** How a view names the principal: the current expressions, or those a released migration used. */
export interface PrincipalExpressions {
  userId: string
  clientAddress: string
}

const endpointMinuteView = (p: PrincipalExpressions): ViewDef => ({
  name: 'endpoint_minute_mv',
  to: 'endpoint_minute',
  comment: 'Server spans → endpoint_minute.',
  select: `SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  ${span.method} AS Method,
  ${span.route} AS Route,
  count() AS Requests,
  countIf(${span.isError}) AS Errors,
  countIf(${span.statusCode} BETWEEN 200 AND 299) AS Status2xx,
  countIf(${span.statusCode} BETWEEN 300 AND 399) AS Status3xx,
  countIf(${span.statusCode} BETWEEN 400 AND 499) AS Status4xx,
  countIf(${span.statusCode} >= 500) AS Status5xx,
  sum(Duration) AS DurationSum,
  quantilesTDigestState(${LATENCY_QUANTILES.join(', ')})(Duration) AS DurationQuantiles,
  uniqStateIf(${p.userId}, ${p.userId} != '') AS Users,
  uniqState(if(${p.userId} != '', concat('u:', ${p.userId}), concat('a:', ${p.clientAddress}))) AS Principals,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM {otel_traces}
WHERE SpanKind = 'Server'
GROUP BY Minute, ServiceName, Method, Route`,
})

export const endpointMinuteMv: ViewDef = endpointMinuteView(span)
/** As released in migration 1. */
export const endpointMinuteMvV1: ViewDef = endpointMinuteView(span.RELEASED_V1)

export const userEndpointMinute: TableDef = {
  name: 'user_endpoint_minute',
  comment: 'Per caller (user id, else client address) per endpoint per minute: volume, failures, distinct object ids.',
  columns: [
    ['Minute', 'DateTime', 'Delta, ZSTD(1)'],
    ['ServiceName', 'LowCardinality(String)'],
    ['Method', 'LowCardinality(String)'],
    ['Route', 'LowCardinality(String)'],
    ['UserId', 'String', 'ZSTD(1)'],
    ['ClientAddress', 'String', 'ZSTD(1)'],
    ['Requests', sum()],
    ['Failures', sum()],
    ['Status401', sum()],
    ['Status403', sum()],
    ['Status404', sum()],
    ['Status5xx', sum()],
    ['ObjectIds', 'AggregateFunction(uniq, String)'],
    ['SampleObjectIds', sampleIds],
    ['SampleTraceIds', sampleIds],
  ],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toYYYYMM(Minute)',
  orderBy: '(ServiceName, Method, Route, Minute, UserId, ClientAddress)',
  ttl: 'Minute + toIntervalDay({rollup_retention_days})',
}

const userEndpointMinuteView = (p: PrincipalExpressions): ViewDef => ({
  name: 'user_endpoint_minute_mv',
  to: 'user_endpoint_minute',
  comment: 'Server spans → user_endpoint_minute.',
  select: `SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  ${span.method} AS Method,
  ${span.route} AS Route,
  ${p.userId} AS UserId,
  ${p.clientAddress} AS ClientAddress,
  count() AS Requests,
  countIf(${span.isFailure}) AS Failures,
  countIf(${span.statusCode} = 401) AS Status401,
  countIf(${span.statusCode} = 403) AS Status403,
  countIf(${span.statusCode} = 404) AS Status404,
  countIf(${span.statusCode} >= 500) AS Status5xx,
  uniqStateIf(ObjectId, ObjectId != '') AS ObjectIds,
  groupUniqArrayStateIf(5)(ObjectId, ObjectId != '') AS SampleObjectIds,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM (SELECT *, ${span.objectId} AS ObjectId FROM {otel_traces} WHERE SpanKind = 'Server')
GROUP BY Minute, ServiceName, Method, Route, UserId, ClientAddress`,
})

export const userEndpointMinuteMv: ViewDef = userEndpointMinuteView(span)
/** As released in migration 1. */
export const userEndpointMinuteMvV1: ViewDef = userEndpointMinuteView(span.RELEASED_V1)
