// The rows the decoders produce: exactly the columns of otel_traces and
// otel_logs (docs/storage.md), with the values the Collector's ClickHouse
// exporter writes. Nested columns are flattened the way ClickHouse's
// JSONEachRow input expects them (`Events.Timestamp`, …).

export type Attributes = Record<string, string>

export interface SpanRow {
  Timestamp: string
  TraceId: string
  SpanId: string
  ParentSpanId: string
  TraceState: string
  SpanName: string
  SpanKind: string
  ServiceName: string
  ResourceAttributes: Attributes
  ScopeName: string
  ScopeVersion: string
  SpanAttributes: Attributes
  Duration: number
  StatusCode: string
  StatusMessage: string
  'Events.Timestamp': string[]
  'Events.Name': string[]
  'Events.Attributes': Attributes[]
  'Links.TraceId': string[]
  'Links.SpanId': string[]
  'Links.TraceState': string[]
  'Links.Attributes': Attributes[]
}

export interface LogRow {
  Timestamp: string
  TraceId: string
  SpanId: string
  TraceFlags: number
  SeverityText: string
  SeverityNumber: number
  ServiceName: string
  Body: string
  ResourceSchemaUrl: string
  ResourceAttributes: Attributes
  ScopeSchemaUrl: string
  ScopeName: string
  ScopeVersion: string
  ScopeAttributes: Attributes
  LogAttributes: Attributes
}

/** OTLP SpanKind enum → the exporter's string. */
export const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const

/** OTLP Status.code enum → the exporter's string. */
export const STATUS_CODES = ['Unset', 'Ok', 'Error'] as const

export const spanKindName = (kind: number): string => SPAN_KINDS[kind] ?? 'Unspecified'
export const statusCodeName = (code: number): string => STATUS_CODES[code] ?? 'Unset'
