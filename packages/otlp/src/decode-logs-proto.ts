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
  forEachLogRecord(buf, lim, (record, group) => rows.push(decodeLogRecord(record, group, lim, time)))
  return rows
}

/** The resource and scope a log record was sent under; one object per ScopeLogs, shared by its records. */
export interface LogGroup {
  readonly resource: ResourceInfo
  readonly resourceSchemaUrl: string
  readonly scope: ScopeInfo
  readonly scopeSchemaUrl: string
}

/** Walks an ExportLogsServiceRequest: every LogRecord message with its group, in order, the count checked per scope. */
export function forEachLogRecord(
  buf: Uint8Array,
  lim: Required<DecodeLimits>,
  visit: (record: ProtoReader, group: LogGroup) => void,
): void {
  let count = 0
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag !== LEN(1)) {
      r.skip(tag & 7)
      continue
    }
    const rl = r.message()
    let resource: ResourceInfo = { attributes: {}, serviceName: '' }
    let resourceSchemaUrl = ''
    const scopes: ProtoReader[] = []
    while (rl.pos < rl.end) {
      const rlTag = rl.varint()
      if (rlTag === LEN(1)) resource = decodeResource(rl.message(), lim)
      else if (rlTag === LEN(2)) scopes.push(rl.message())
      else if (rlTag === LEN(3)) resourceSchemaUrl = rl.string()
      else rl.skip(rlTag & 7)
    }
    for (const sl of scopes) {
      let scope: ScopeInfo = { name: '', version: '', attributes: {} }
      let scopeSchemaUrl = ''
      const records: ProtoReader[] = []
      while (sl.pos < sl.end) {
        const slTag = sl.varint()
        if (slTag === LEN(1)) scope = decodeScope(sl.message(), lim)
        else if (slTag === LEN(2)) records.push(sl.message())
        else if (slTag === LEN(3)) scopeSchemaUrl = sl.string()
        else sl.skip(slTag & 7)
      }
      count += records.length
      checkRecordCount(count, lim, 'log records')
      const group: LogGroup = { resource, resourceSchemaUrl, scope, scopeSchemaUrl }
      for (const record of records) visit(record, group)
    }
  }
}

/** One LogRecord message (the reader on its body) as its row. Throws OtlpDecodeError. */
export function decodeLogRecord(
  r: ProtoReader,
  { resource, resourceSchemaUrl, scope, scopeSchemaUrl }: LogGroup,
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
