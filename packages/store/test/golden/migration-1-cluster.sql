-- One row per span, in the Collector exporter layout.
CREATE TABLE IF NOT EXISTS otel_traces_local ON CLUSTER analytics
(
  Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ParentSpanId String CODEC(ZSTD(1)),
  TraceState String CODEC(ZSTD(1)),
  SpanName LowCardinality(String) CODEC(ZSTD(1)),
  SpanKind LowCardinality(String) CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  Duration UInt64 CODEC(ZSTD(1)),
  StatusCode LowCardinality(String) CODEC(ZSTD(1)),
  StatusMessage String CODEC(ZSTD(1)),
  Events Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
  Links Nested(TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration Duration TYPE minmax GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/otel_traces_local', '{replica}')
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(30)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Reads and writes of otel_traces fan out to otel_traces_local on every shard.
CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER analytics AS otel_traces_local
ENGINE = Distributed(analytics, currentDatabase(), otel_traces_local, cityHash64(TraceId));

-- First and last span time per trace, for Grafana trace lookup.
CREATE TABLE IF NOT EXISTS otel_traces_trace_id_ts_local ON CLUSTER analytics
(
  TraceId String CODEC(ZSTD(1)),
  Start DateTime CODEC(Delta, ZSTD(1)),
  End DateTime CODEC(Delta, ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/otel_traces_trace_id_ts_local', '{replica}')
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
TTL toDateTime(Start) + toIntervalDay(30)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Reads and writes of otel_traces_trace_id_ts fan out to otel_traces_trace_id_ts_local on every shard.
CREATE TABLE IF NOT EXISTS otel_traces_trace_id_ts ON CLUSTER analytics AS otel_traces_trace_id_ts_local
ENGINE = Distributed(analytics, currentDatabase(), otel_traces_trace_id_ts_local, cityHash64(TraceId));

-- Feeds otel_traces_trace_id_ts from each inserted block.
CREATE MATERIALIZED VIEW IF NOT EXISTS otel_traces_trace_id_ts_mv ON CLUSTER analytics TO otel_traces_trace_id_ts_local
AS SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
FROM otel_traces_local
WHERE TraceId != ''
GROUP BY TraceId;

-- One row per log record, in the Collector exporter layout.
CREATE TABLE IF NOT EXISTS otel_logs_local ON CLUSTER analytics
(
  Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  TraceFlags UInt8,
  SeverityText LowCardinality(String) CODEC(ZSTD(1)),
  SeverityNumber UInt8,
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Body String CODEC(ZSTD(1)),
  ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/otel_logs_local', '{replica}')
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(30)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Reads and writes of otel_logs fan out to otel_logs_local on every shard.
CREATE TABLE IF NOT EXISTS otel_logs ON CLUSTER analytics AS otel_logs_local
ENGINE = Distributed(analytics, currentDatabase(), otel_logs_local, cityHash64(TraceId));

-- Per endpoint (service + method + route) per minute: volume, errors, status classes, latency, distinct users.
CREATE TABLE IF NOT EXISTS endpoint_minute_local ON CLUSTER analytics
(
  Minute DateTime CODEC(Delta, ZSTD(1)),
  ServiceName LowCardinality(String),
  Method LowCardinality(String),
  Route LowCardinality(String),
  Requests SimpleAggregateFunction(sum, UInt64),
  Errors SimpleAggregateFunction(sum, UInt64),
  Status2xx SimpleAggregateFunction(sum, UInt64),
  Status3xx SimpleAggregateFunction(sum, UInt64),
  Status4xx SimpleAggregateFunction(sum, UInt64),
  Status5xx SimpleAggregateFunction(sum, UInt64),
  DurationSum SimpleAggregateFunction(sum, UInt64),
  DurationQuantiles AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), UInt64),
  Users AggregateFunction(uniq, String),
  Principals AggregateFunction(uniq, String),
  SampleTraceIds AggregateFunction(groupUniqArray(5), String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/endpoint_minute_local', '{replica}')
PARTITION BY toYYYYMM(Minute)
ORDER BY (ServiceName, Method, Route, Minute)
TTL Minute + toIntervalDay(90);

-- Reads and writes of endpoint_minute fan out to endpoint_minute_local on every shard.
CREATE TABLE IF NOT EXISTS endpoint_minute ON CLUSTER analytics AS endpoint_minute_local
ENGINE = Distributed(analytics, currentDatabase(), endpoint_minute_local, rand());

-- Server spans → endpoint_minute.
CREATE MATERIALIZED VIEW IF NOT EXISTS endpoint_minute_mv ON CLUSTER analytics TO endpoint_minute_local
AS SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS Method,
  if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')) AS Route,
  count() AS Requests,
  countIf((StatusCode = 'Error' OR toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500)) AS Errors,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) BETWEEN 200 AND 299) AS Status2xx,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) BETWEEN 300 AND 399) AS Status3xx,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) BETWEEN 400 AND 499) AS Status4xx,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500) AS Status5xx,
  sum(Duration) AS DurationSum,
  quantilesTDigestState(0.5, 0.9, 0.99)(Duration) AS DurationQuantiles,
  uniqStateIf(SpanAttributes['enduser.id'], SpanAttributes['enduser.id'] != '') AS Users,
  uniqState(if(SpanAttributes['enduser.id'] != '', concat('u:', SpanAttributes['enduser.id']), concat('a:', if(SpanAttributes['client.address'] != '', SpanAttributes['client.address'], if(SpanAttributes['net.sock.peer.addr'] != '', SpanAttributes['net.sock.peer.addr'], SpanAttributes['net.peer.ip']))))) AS Principals,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM otel_traces_local
WHERE SpanKind = 'Server'
GROUP BY Minute, ServiceName, Method, Route;

-- Per caller (user id, else client address) per endpoint per minute: volume, failures, distinct object ids.
CREATE TABLE IF NOT EXISTS user_endpoint_minute_local ON CLUSTER analytics
(
  Minute DateTime CODEC(Delta, ZSTD(1)),
  ServiceName LowCardinality(String),
  Method LowCardinality(String),
  Route LowCardinality(String),
  UserId String CODEC(ZSTD(1)),
  ClientAddress String CODEC(ZSTD(1)),
  Requests SimpleAggregateFunction(sum, UInt64),
  Failures SimpleAggregateFunction(sum, UInt64),
  Status401 SimpleAggregateFunction(sum, UInt64),
  Status403 SimpleAggregateFunction(sum, UInt64),
  Status404 SimpleAggregateFunction(sum, UInt64),
  Status5xx SimpleAggregateFunction(sum, UInt64),
  ObjectIds AggregateFunction(uniq, String),
  SampleObjectIds AggregateFunction(groupUniqArray(5), String),
  SampleTraceIds AggregateFunction(groupUniqArray(5), String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/user_endpoint_minute_local', '{replica}')
PARTITION BY toYYYYMM(Minute)
ORDER BY (ServiceName, Method, Route, Minute, UserId, ClientAddress)
TTL Minute + toIntervalDay(90);

-- Reads and writes of user_endpoint_minute fan out to user_endpoint_minute_local on every shard.
CREATE TABLE IF NOT EXISTS user_endpoint_minute ON CLUSTER analytics AS user_endpoint_minute_local
ENGINE = Distributed(analytics, currentDatabase(), user_endpoint_minute_local, rand());

-- Server spans → user_endpoint_minute.
CREATE MATERIALIZED VIEW IF NOT EXISTS user_endpoint_minute_mv ON CLUSTER analytics TO user_endpoint_minute_local
AS SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS Method,
  if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')) AS Route,
  SpanAttributes['enduser.id'] AS UserId,
  if(SpanAttributes['client.address'] != '', SpanAttributes['client.address'], if(SpanAttributes['net.sock.peer.addr'] != '', SpanAttributes['net.sock.peer.addr'], SpanAttributes['net.peer.ip'])) AS ClientAddress,
  count() AS Requests,
  countIf((StatusCode = 'Error' OR toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 400)) AS Failures,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) = 401) AS Status401,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) = 403) AS Status403,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) = 404) AS Status404,
  countIf(toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500) AS Status5xx,
  uniqStateIf(ObjectId, ObjectId != '') AS ObjectIds,
  groupUniqArrayStateIf(5)(ObjectId, ObjectId != '') AS SampleObjectIds,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM (SELECT *, arrayStringConcat(arrayFilter(
    (segment, template) -> segment != '' AND (startsWith(template, ':') OR startsWith(template, '{')),
    arrayResize(splitByChar('/', if(SpanAttributes['url.path'] != '', SpanAttributes['url.path'], splitByChar('?', SpanAttributes['http.target'])[1])), length(splitByChar('/', if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')))), ''),
    splitByChar('/', if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')))), '/') AS ObjectId FROM otel_traces_local WHERE SpanKind = 'Server')
GROUP BY Minute, ServiceName, Method, Route, UserId, ClientAddress;

-- Narrow copy of recent spans, for pairing parent and child spans that arrive in different inserts.
CREATE TABLE IF NOT EXISTS span_links_local ON CLUSTER analytics
(
  TraceId String,
  SpanId String,
  ParentSpanId String,
  Timestamp DateTime64(9),
  ServiceName LowCardinality(String),
  SpanKind LowCardinality(String),
  Method LowCardinality(String),
  Route LowCardinality(String),
  PeerService LowCardinality(String),
  ServerAddress LowCardinality(String),
  IsError UInt8,
  ArrivedAt DateTime DEFAULT now()
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/span_links_local', '{replica}')
ORDER BY (TraceId, SpanId)
TTL ArrivedAt + toIntervalMinute(60)
SETTINGS ttl_only_drop_parts = 0, merge_with_ttl_timeout = 600;

-- Reads and writes of span_links fan out to span_links_local on every shard.
CREATE TABLE IF NOT EXISTS span_links ON CLUSTER analytics AS span_links_local
ENGINE = Distributed(analytics, currentDatabase(), span_links_local, cityHash64(TraceId));

-- Caller service → callee service/endpoint per minute, paired from spans or seen from client spans.
CREATE TABLE IF NOT EXISTS service_edges_minute_local ON CLUSTER analytics
(
  Minute DateTime CODEC(Delta, ZSTD(1)),
  CallerService LowCardinality(String),
  CalleeService LowCardinality(String),
  CalleeMethod LowCardinality(String),
  CalleeRoute LowCardinality(String),
  CalleeAddress LowCardinality(String),
  Source LowCardinality(String),
  Calls SimpleAggregateFunction(sum, UInt64),
  Errors SimpleAggregateFunction(sum, UInt64),
  FirstSeen SimpleAggregateFunction(min, DateTime64(9)),
  LastSeen SimpleAggregateFunction(max, DateTime64(9)),
  SampleTraceIds AggregateFunction(groupUniqArray(5), String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/service_edges_minute_local', '{replica}')
PARTITION BY toYYYYMM(Minute)
ORDER BY (CallerService, CalleeService, CalleeMethod, CalleeRoute, CalleeAddress, Source, Minute)
TTL Minute + toIntervalDay(90);

-- Reads and writes of service_edges_minute fan out to service_edges_minute_local on every shard.
CREATE TABLE IF NOT EXISTS service_edges_minute ON CLUSTER analytics AS service_edges_minute_local
ENGINE = Distributed(analytics, currentDatabase(), service_edges_minute_local, rand());

-- Parent/child spans in different services → service_edges_minute, once per pair.
CREATE MATERIALIZED VIEW IF NOT EXISTS service_edges_paired_mv ON CLUSTER analytics TO service_edges_minute_local
AS WITH
  block AS (SELECT TraceId, SpanId, ParentSpanId, Timestamp, ServiceName, SpanKind,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS Method, if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')) AS Route, SpanAttributes['peer.service'] AS PeerService,
  if(SpanAttributes['server.address'] != '', SpanAttributes['server.address'], SpanAttributes['net.peer.name']) AS ServerAddress, toUInt8((StatusCode = 'Error' OR toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500)) AS IsError FROM otel_traces_local),
  earlier AS (
    SELECT * EXCEPT ArrivedAt FROM span_links_local
    WHERE TraceId IN (SELECT TraceId FROM otel_traces_local)
      AND (TraceId, SpanId) NOT IN (SELECT TraceId, SpanId FROM otel_traces_local)
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
GROUP BY Minute, CallerService, CalleeService, CalleeMethod, CalleeRoute, CalleeAddress;

-- otel_traces → span_links.
CREATE MATERIALIZED VIEW IF NOT EXISTS span_links_mv ON CLUSTER analytics TO span_links_local
AS SELECT TraceId, SpanId, ParentSpanId, Timestamp, ServiceName, SpanKind,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS Method, if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')) AS Route, SpanAttributes['peer.service'] AS PeerService,
  if(SpanAttributes['server.address'] != '', SpanAttributes['server.address'], SpanAttributes['net.peer.name']) AS ServerAddress, toUInt8((StatusCode = 'Error' OR toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500)) AS IsError FROM otel_traces_local;

-- Client/producer spans naming their target → service_edges_minute.
CREATE MATERIALIZED VIEW IF NOT EXISTS service_edges_client_mv ON CLUSTER analytics TO service_edges_minute_local
AS SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName AS CallerService,
  SpanAttributes['peer.service'] AS CalleeService,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS CalleeMethod,
  '' AS CalleeRoute,
  if(SpanAttributes['peer.service'] != '', SpanAttributes['peer.service'], if(SpanAttributes['server.address'] != '', SpanAttributes['server.address'], SpanAttributes['net.peer.name'])) AS CalleeAddress,
  'client' AS Source,
  count() AS Calls,
  countIf((StatusCode = 'Error' OR toUInt16OrZero(if(SpanAttributes['http.response.status_code'] != '', SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])) >= 500)) AS Errors,
  min(Timestamp) AS FirstSeen,
  max(Timestamp) AS LastSeen,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM otel_traces_local
WHERE SpanKind IN ('Client', 'Producer') AND (SpanAttributes['peer.service'] != '' OR if(SpanAttributes['server.address'] != '', SpanAttributes['server.address'], SpanAttributes['net.peer.name']) != '')
GROUP BY Minute, CallerService, CalleeService, CalleeMethod, CalleeAddress;

-- One row per finding version; read with FINAL (or argMax by Version) for the current state.
CREATE TABLE IF NOT EXISTS findings_local ON CLUSTER analytics
(
  Id String,
  Fingerprint String,
  Kind LowCardinality(String),
  Severity LowCardinality(String),
  Score Float64,
  EntityService LowCardinality(String),
  EntityEndpoint String,
  EdgeFrom LowCardinality(String),
  EdgeTo LowCardinality(String),
  EntityUser String,
  WindowStart DateTime64(3),
  WindowEnd DateTime64(3),
  Summary String,
  Evidence String CODEC(ZSTD(3)),
  Status LowCardinality(String),
  DetectedAt DateTime64(3),
  Version UInt64,
  INDEX idx_fingerprint Fingerprint TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/findings_local', '{replica}', Version)
PARTITION BY toYYYYMM(WindowStart)
ORDER BY (Kind, Id)
TTL toDateTime(WindowStart) + toIntervalDay(365);

-- Reads and writes of findings fan out to findings_local on every shard.
CREATE TABLE IF NOT EXISTS findings ON CLUSTER analytics AS findings_local
ENGINE = Distributed(analytics, currentDatabase(), findings_local, rand());

-- Durable alert outbox: one row per delivery version (pending → sent | failed | dead).
CREATE TABLE IF NOT EXISTS alert_outbox_local ON CLUSTER analytics
(
  Id String,
  FindingId String,
  Fingerprint String,
  Receiver LowCardinality(String),
  Action LowCardinality(String),
  Payload String CODEC(ZSTD(3)),
  Status LowCardinality(String),
  Attempts UInt32,
  NextAttemptAt DateTime64(3),
  LastError String,
  CreatedAt DateTime64(3),
  Version UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/alert_outbox_local', '{replica}', Version)
PARTITION BY toYYYYMM(CreatedAt)
ORDER BY (Receiver, Id)
TTL toDateTime(CreatedAt) + toIntervalDay(365);

-- Reads and writes of alert_outbox fan out to alert_outbox_local on every shard.
CREATE TABLE IF NOT EXISTS alert_outbox ON CLUSTER analytics AS alert_outbox_local
ENGINE = Distributed(analytics, currentDatabase(), alert_outbox_local, rand());
