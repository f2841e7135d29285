// ExportLogsServiceRequest (protobuf) → otel_logs rows.
import { valueToString } from './attribute-value.ts'
import { DEFAULT_LIMITS, type DecodeLimits, checkRecordCount } from './decode-error.ts'
import { createTimestampFormatter, type TimestampFormatter } from './format-timestamp.ts'
import {
  addAttribute,
  decodeAnyValue,
  decodeResource,
  decodeScope,
  idHex,
  type ResourceInfo,
  type ScopeInfo,
} from './proto-common.ts'
import { ProtoReader, toHex, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'
import type { Attributes, LogRow } from './rows.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN

/** Decodes one OTLP/protobuf ExportLogsServiceRequest. Throws OtlpDecodeError on malformed input. */
export function decodeLogsProto(buf: Uint8Array, limits: DecodeLimits = {}): LogRow[] {
  const lim = { ...DEFAULT_LIMITS, ...limits }
  const rows: LogRow[] = []
  const time = createTimestampFormatter()
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) decodeResourceLogs(r.message(), rows, lim, time)
    else r.skip(tag & 7)
  }
  return rows
}

function decodeResourceLogs(
  r: ProtoReader,
  rows: LogRow[],
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): void {
  let resource: ResourceInfo = { attributes: {}, serviceName: '' }
  let schemaUrl = ''
  const scopes: ProtoReader[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) resource = decodeResource(r.message(), lim)
    else if (tag === LEN(2)) scopes.push(r.message())
    else if (tag === LEN(3)) schemaUrl = r.string()
    else r.skip(tag & 7)
  }
  for (const scopeLogs of scopes) decodeScopeLogs(scopeLogs, resource, schemaUrl, rows, lim, time)
}

function decodeScopeLogs(
  r: ProtoReader,
  resource: ResourceInfo,
  resourceSchemaUrl: string,
  rows: LogRow[],
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): void {
  let scope: ScopeInfo = { name: '', version: '', attributes: {} }
  let schemaUrl = ''
  const records: ProtoReader[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === LEN(1)) scope = decodeScope(r.message(), lim)
    else if (tag === LEN(2)) records.push(r.message())
    else if (tag === LEN(3)) schemaUrl = r.string()
    else r.skip(tag & 7)
  }
  checkRecordCount(rows.length + records.length, lim, 'log records')
  for (const record of records) {
    rows.push(decodeLogRecord(record, resource, resourceSchemaUrl, scope, schemaUrl, lim, time))
  }
}

function decodeLogRecord(
  r: ProtoReader,
  resource: ResourceInfo,
  resourceSchemaUrl: string,
  scope: ScopeInfo,
  scopeSchemaUrl: string,
  lim: Required<DecodeLimits>,
  time: TimestampFormatter,
): LogRow {
  let at = 0n
  let observed = 0n
  let severityNumber = 0
  let severityText = ''
  let body = ''
  const attributes: Attributes = {}
  let count = 0
  let flags = 0
  let traceId = ''
  let spanId = ''
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_FIXED64)) at = r.fixed64()
    else if (tag === ((11 << 3) | WIRE_FIXED64)) observed = r.fixed64()
    else if (tag === ((2 << 3) | WIRE_VARINT)) severityNumber = r.varint()
    else if (tag === LEN(3)) severityText = r.string()
    else if (tag === LEN(5)) body = valueToString(decodeAnyValue(r.message(), lim, 0))
    else if (tag === LEN(6)) count = addAttribute(r.message(), attributes, lim, count, 'a log record')
    else if (tag === ((8 << 3) | WIRE_FIXED32)) flags = r.fixed32()
    else if (tag === LEN(9)) traceId = idHex(r.bytes(), 16, 'log trace_id', toHex)
    else if (tag === LEN(10)) spanId = idHex(r.bytes(), 8, 'log span_id', toHex)
    else r.skip(tag & 7)
  }
  return {
    // The exporter falls back to the observed time when the record has none.
    Timestamp: time(at !== 0n ? at : observed),
    TraceId: traceId,
    SpanId: spanId,
    TraceFlags: flags & 0xff,
    SeverityText: severityText,
    SeverityNumber: severityNumber,
    ServiceName: resource.serviceName,
    Body: body,
    ResourceSchemaUrl: resourceSchemaUrl,
    ResourceAttributes: resource.attributes,
    ScopeSchemaUrl: scopeSchemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    LogAttributes: attributes,
  }
}
