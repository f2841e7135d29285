// The OpenTelemetry Collector ClickHouse exporter's tables (docs/storage.md):
// same names, types and value formats, so Grafana's ClickHouse datasource and
// existing Collector users work unchanged. Codecs, indexes and TTL are ours.
import type { TableDef, ViewDef } from './definitions.ts'

const attributesMap = 'Map(LowCardinality(String), String)'

export const otelTraces: TableDef = {
  name: 'otel_traces',
  comment: 'One row per span, in the Collector exporter layout.',
  columns: [
    ['Timestamp', 'DateTime64(9)', 'Delta, ZSTD(1)'],
    ['TraceId', 'String', 'ZSTD(1)'],
    ['SpanId', 'String', 'ZSTD(1)'],
    ['ParentSpanId', 'String', 'ZSTD(1)'],
    ['TraceState', 'String', 'ZSTD(1)'],
    ['SpanName', 'LowCardinality(String)', 'ZSTD(1)'],
    ['SpanKind', 'LowCardinality(String)', 'ZSTD(1)'],
    ['ServiceName', 'LowCardinality(String)', 'ZSTD(1)'],
    ['ResourceAttributes', attributesMap, 'ZSTD(1)'],
    ['ScopeName', 'String', 'ZSTD(1)'],
    ['ScopeVersion', 'String', 'ZSTD(1)'],
    ['SpanAttributes', attributesMap, 'ZSTD(1)'],
    ['Duration', 'UInt64', 'ZSTD(1)'],
    ['StatusCode', 'LowCardinality(String)', 'ZSTD(1)'],
    ['StatusMessage', 'String', 'ZSTD(1)'],
    ['Events', `Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes ${attributesMap})`, 'ZSTD(1)'],
    ['Links', `Nested(TraceId String, SpanId String, TraceState String, Attributes ${attributesMap})`, 'ZSTD(1)'],
  ],
  indexes: [
    'idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    'idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_duration Duration TYPE minmax GRANULARITY 1',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: '(ServiceName, SpanName, toDateTime(Timestamp))',
  ttl: 'toDateTime(Timestamp) + toIntervalDay({retention_days})',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  // A trace stays on one shard, so the edge pairing (rollups.ts) sees both halves.
  shardingKey: 'cityHash64(TraceId)',
}

/** Grafana uses `<traces table>_trace_id_ts` (exactly these columns) for fast trace lookup. */
export const otelTracesTraceIdTs: TableDef = {
  name: 'otel_traces_trace_id_ts',
  comment: 'First and last span time per trace, for Grafana trace lookup.',
  columns: [
    ['TraceId', 'String', 'ZSTD(1)'],
    ['Start', 'DateTime', 'Delta, ZSTD(1)'],
    ['End', 'DateTime', 'Delta, ZSTD(1)'],
  ],
  indexes: ['idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(TraceId, Start)',
  ttl: 'toDateTime(Start) + toIntervalDay({retention_days})',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'cityHash64(TraceId)',
}

export const otelTracesTraceIdTsMv: ViewDef = {
  name: 'otel_traces_trace_id_ts_mv',
  to: 'otel_traces_trace_id_ts',
  comment: 'Feeds otel_traces_trace_id_ts from each inserted block.',
  select: `SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
FROM {otel_traces}
WHERE TraceId != ''
GROUP BY TraceId`,
}

export const otelLogs: TableDef = {
  name: 'otel_logs',
  comment: 'One row per log record, in the Collector exporter layout.',
  columns: [
    ['Timestamp', 'DateTime64(9)', 'Delta, ZSTD(1)'],
    ['TraceId', 'String', 'ZSTD(1)'],
    ['SpanId', 'String', 'ZSTD(1)'],
    ['TraceFlags', 'UInt8'],
    ['SeverityText', 'LowCardinality(String)', 'ZSTD(1)'],
    ['SeverityNumber', 'UInt8'],
    ['ServiceName', 'LowCardinality(String)', 'ZSTD(1)'],
    ['Body', 'String', 'ZSTD(1)'],
    ['ResourceSchemaUrl', 'LowCardinality(String)', 'ZSTD(1)'],
    ['ResourceAttributes', attributesMap, 'ZSTD(1)'],
    ['ScopeSchemaUrl', 'LowCardinality(String)', 'ZSTD(1)'],
    ['ScopeName', 'String', 'ZSTD(1)'],
    ['ScopeVersion', 'LowCardinality(String)', 'ZSTD(1)'],
    ['ScopeAttributes', attributesMap, 'ZSTD(1)'],
    ['LogAttributes', attributesMap, 'ZSTD(1)'],
  ],
  indexes: [
    'idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    'idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: '(ServiceName, toDateTime(Timestamp))',
  ttl: 'toDateTime(Timestamp) + toIntervalDay({retention_days})',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'cityHash64(TraceId)',
}
