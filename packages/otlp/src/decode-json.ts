// OTLP/JSON ExportTraceServiceRequest / ExportLogsServiceRequest → rows, with
// the same values as the protobuf decoders.
import {
  DEFAULT_LIMITS,
  OtlpDecodeError,
  type DecodeLimits,
  checkRecordCount,
  precheckJsonRecordCount,
} from './decode-error.ts'
import { createTimestampFormatter, durationNanos } from './format-timestamp.ts'
import { anyValueString, attributes, hexId, int, list, nanos, parseJsonBody, str, type Json } from './json-common.ts'
import { spanKindName, statusCodeName, type Attributes, type LogRow, type SpanRow } from './rows.ts'

interface Scope {
  name: string
  version: string
  attributes: Attributes
}

function scopeOf(value: unknown, lim: Required<DecodeLimits>): Scope {
  const scope = (value ?? {}) as Json
  return {
    name: str(scope['name'], 'scope.name'),
    version: str(scope['version'], 'scope.version'),
    attributes: attributes(scope['attributes'], lim, 'an instrumentation scope'),
  }
}

export function decodeTracesJson(body: Uint8Array | string, limits: DecodeLimits = {}): SpanRow[] {
  const lim = { ...DEFAULT_LIMITS, ...limits }
  precheckJsonRecordCount(body, ['startTimeUnixNano'], lim, 'spans')
  const time = createTimestampFormatter()
  const rows: SpanRow[] = []
  for (const resourceSpans of list(parseJsonBody(body)['resourceSpans'], 'resourceSpans')) {
    const resourceAttributes = attributes(
      (resourceSpans['resource'] as Json | undefined)?.['attributes'],
      lim,
      'a resource',
    )
    const serviceName = resourceAttributes['service.name'] ?? ''
    for (const scopeSpans of list(resourceSpans['scopeSpans'], 'scopeSpans')) {
      const scope = scopeOf(scopeSpans['scope'], lim)
      const spans = list(scopeSpans['spans'], 'spans')
      checkRecordCount(rows.length + spans.length, lim, 'spans')
      for (const span of spans) {
        const traceId = hexId(span['traceId'], 16, 'span traceId')
        const spanId = hexId(span['spanId'], 8, 'span spanId')
        if (traceId === '' || spanId === '')
          throw new OtlpDecodeError(
            `span "${str(span['name'], 'name')}" has no ${traceId === '' ? 'traceId' : 'spanId'}`,
          )
        const start = nanos(span['startTimeUnixNano'], 'startTimeUnixNano')
        const events = list(span['events'], 'events')
        const links = list(span['links'], 'links')
        if (events.length > lim.maxEventsPerSpan || links.length > lim.maxEventsPerSpan) {
          throw new OtlpDecodeError(`span ${spanId} has more than ${lim.maxEventsPerSpan} events or links`)
        }
        const status = (span['status'] ?? {}) as Json
        rows.push({
          Timestamp: time(start),
          TraceId: traceId,
          SpanId: spanId,
          ParentSpanId: hexId(span['parentSpanId'], 8, 'span parentSpanId'),
          TraceState: str(span['traceState'], 'traceState'),
          SpanName: str(span['name'], 'name'),
          SpanKind: spanKindName(int(span['kind'], 'kind')),
          ServiceName: serviceName,
          ResourceAttributes: resourceAttributes,
          ScopeName: scope.name,
          ScopeVersion: scope.version,
          SpanAttributes: attributes(span['attributes'], lim, `span ${spanId}`),
          Duration: durationNanos(start, nanos(span['endTimeUnixNano'], 'endTimeUnixNano')),
          StatusCode: statusCodeName(int(status['code'], 'status.code')),
          StatusMessage: str(status['message'], 'status.message'),
          'Events.Timestamp': events.map((e) => time(nanos(e['timeUnixNano'], 'event timeUnixNano'))),
          'Events.Name': events.map((e) => str(e['name'], 'event name')),
          'Events.Attributes': events.map((e) => attributes(e['attributes'], lim, 'an event')),
          'Links.TraceId': links.map((l) => hexId(l['traceId'], 16, 'link traceId')),
          'Links.SpanId': links.map((l) => hexId(l['spanId'], 8, 'link spanId')),
          'Links.TraceState': links.map((l) => str(l['traceState'], 'link traceState')),
          'Links.Attributes': links.map((l) => attributes(l['attributes'], lim, 'a link')),
        })
      }
    }
  }
  return rows
}

export function decodeLogsJson(body: Uint8Array | string, limits: DecodeLimits = {}): LogRow[] {
  const lim = { ...DEFAULT_LIMITS, ...limits }
  precheckJsonRecordCount(body, ['timeUnixNano', 'observedTimeUnixNano'], lim, 'log records')
  const time = createTimestampFormatter()
  const rows: LogRow[] = []
  for (const resourceLogs of list(parseJsonBody(body)['resourceLogs'], 'resourceLogs')) {
    const resourceAttributes = attributes(
      (resourceLogs['resource'] as Json | undefined)?.['attributes'],
      lim,
      'a resource',
    )
    const resourceSchemaUrl = str(resourceLogs['schemaUrl'], 'schemaUrl')
    for (const scopeLogs of list(resourceLogs['scopeLogs'], 'scopeLogs')) {
      const scope = scopeOf(scopeLogs['scope'], lim)
      const scopeSchemaUrl = str(scopeLogs['schemaUrl'], 'schemaUrl')
      const records = list(scopeLogs['logRecords'], 'logRecords')
      checkRecordCount(rows.length + records.length, lim, 'log records')
      for (const record of records) {
        const at = nanos(record['timeUnixNano'], 'timeUnixNano')
        rows.push({
          Timestamp: time(at !== 0n ? at : nanos(record['observedTimeUnixNano'], 'observedTimeUnixNano')),
          TraceId: hexId(record['traceId'], 16, 'log traceId'),
          SpanId: hexId(record['spanId'], 8, 'log spanId'),
          TraceFlags: int(record['flags'], 'flags') & 0xff,
          SeverityText: str(record['severityText'], 'severityText'),
          SeverityNumber: int(record['severityNumber'], 'severityNumber'),
          ServiceName: resourceAttributes['service.name'] ?? '',
          Body: anyValueString(record['body'], lim),
          ResourceSchemaUrl: resourceSchemaUrl,
          ResourceAttributes: resourceAttributes,
          ScopeSchemaUrl: scopeSchemaUrl,
          ScopeName: scope.name,
          ScopeVersion: scope.version,
          ScopeAttributes: scope.attributes,
          LogAttributes: attributes(record['attributes'], lim, 'a log record'),
        })
      }
    }
  }
  return rows
}
