DROP VIEW IF EXISTS endpoint_minute_mv;

DROP VIEW IF EXISTS user_endpoint_minute_mv;

-- Server spans → endpoint_minute.
CREATE MATERIALIZED VIEW IF NOT EXISTS endpoint_minute_mv TO endpoint_minute
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
  uniqStateIf(if(SpanAttributes['user.id'] != '', SpanAttributes['user.id'], if(SpanAttributes['enduser.id'] != '', SpanAttributes['enduser.id'], SpanAttributes['user.name'])), if(SpanAttributes['user.id'] != '', SpanAttributes['user.id'], if(SpanAttributes['enduser.id'] != '', SpanAttributes['enduser.id'], SpanAttributes['user.name'])) != '') AS Users,
  uniqState(if(if(SpanAttributes['user.id'] != '', SpanAttributes['user.id'], if(SpanAttributes['enduser.id'] != '', SpanAttributes['enduser.id'], SpanAttributes['user.name'])) != '', concat('u:', if(SpanAttributes['user.id'] != '', SpanAttributes['user.id'], if(SpanAttributes['enduser.id'] != '', SpanAttributes['enduser.id'], SpanAttributes['user.name']))), concat('a:', if(SpanAttributes['client.address'] != '', SpanAttributes['client.address'], if(trim(BOTH ' ' FROM splitByChar(',', SpanAttributes['http.request.header.x-forwarded-for'])[1]) != '', trim(BOTH ' ' FROM splitByChar(',', SpanAttributes['http.request.header.x-forwarded-for'])[1]), if(SpanAttributes['http.client_ip'] != '', SpanAttributes['http.client_ip'], if(SpanAttributes['net.sock.peer.addr'] != '', SpanAttributes['net.sock.peer.addr'], SpanAttributes['net.peer.ip']))))))) AS Principals,
  groupUniqArrayState(5)(TraceId) AS SampleTraceIds
FROM otel_traces
WHERE SpanKind = 'Server'
GROUP BY Minute, ServiceName, Method, Route;

-- Server spans → user_endpoint_minute.
CREATE MATERIALIZED VIEW IF NOT EXISTS user_endpoint_minute_mv TO user_endpoint_minute
AS SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) AS Method,
  if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')) AS Route,
  if(SpanAttributes['user.id'] != '', SpanAttributes['user.id'], if(SpanAttributes['enduser.id'] != '', SpanAttributes['enduser.id'], SpanAttributes['user.name'])) AS UserId,
  if(SpanAttributes['client.address'] != '', SpanAttributes['client.address'], if(trim(BOTH ' ' FROM splitByChar(',', SpanAttributes['http.request.header.x-forwarded-for'])[1]) != '', trim(BOTH ' ' FROM splitByChar(',', SpanAttributes['http.request.header.x-forwarded-for'])[1]), if(SpanAttributes['http.client_ip'] != '', SpanAttributes['http.client_ip'], if(SpanAttributes['net.sock.peer.addr'] != '', SpanAttributes['net.sock.peer.addr'], SpanAttributes['net.peer.ip'])))) AS ClientAddress,
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
    splitByChar('/', if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], if(if(SpanAttributes['http.request.method'] != '', SpanAttributes['http.request.method'], SpanAttributes['http.method']) = '', SpanName, '')))), '/') AS ObjectId FROM otel_traces WHERE SpanKind = 'Server')
GROUP BY Minute, ServiceName, Method, Route, UserId, ClientAddress;
