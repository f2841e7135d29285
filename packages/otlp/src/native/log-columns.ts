// The otel_logs columns of one message's log records in ClickHouse's Native
// layout (native-block.ts joins the parts of many messages into one block),
// as span-columns.ts does for spans: an ordinary record from its protobuf
// bytes as log-scan.ts found them, any other — and every OTLP/JSON record —
// from its row, with the same values (tested against the JSONEachRow path
// through the engine).
import type { LogGroup } from '../decode-logs-proto.ts'
import type { LogScan } from '../log-scan.ts'
import type { LogRow } from '../rows.ts'
import { ColumnStreams, NATIVE_MAP, NATIVE_STRING, writeNativeBlock, type NativeColumn } from './native-block.ts'
import { dateTime64Nanos } from './native-time.ts'
import { type EncodedMap, encodedMap, stringValue, writeScannedAttributes, writeScannedValue } from './native-values.ts'

/** The streams of a part, by index (see LOG_COLUMNS). */
const S = {
  timestamp: 0,
  traceId: 1,
  spanId: 2,
  traceFlags: 3,
  severityText: 4,
  severityNumber: 5,
  serviceName: 6,
  body: 7,
  resourceSchemaUrl: 8,
  resourceCounts: 9,
  resourceKeys: 10,
  resourceValues: 11,
  scopeSchemaUrl: 12,
  scopeName: 13,
  scopeVersion: 14,
  scopeCounts: 15,
  scopeKeys: 16,
  scopeValues: 17,
  attributeCounts: 18,
  attributeKeys: 19,
  attributeValues: 20,
} as const
const LENGTH_STREAMS = new Set<number>([S.resourceCounts, S.scopeCounts, S.attributeCounts])
const STREAM_COUNT = Object.keys(S).length

export const LOG_COLUMNS: readonly NativeColumn[] = [
  { name: 'Timestamp', type: 'DateTime64(9)', streams: [S.timestamp] },
  { name: 'TraceId', type: NATIVE_STRING, streams: [S.traceId] },
  { name: 'SpanId', type: NATIVE_STRING, streams: [S.spanId] },
  { name: 'TraceFlags', type: 'UInt8', streams: [S.traceFlags] },
  { name: 'SeverityText', type: NATIVE_STRING, streams: [S.severityText] },
  { name: 'SeverityNumber', type: 'UInt8', streams: [S.severityNumber] },
  { name: 'ServiceName', type: NATIVE_STRING, streams: [S.serviceName] },
  { name: 'Body', type: NATIVE_STRING, streams: [S.body] },
  { name: 'ResourceSchemaUrl', type: NATIVE_STRING, streams: [S.resourceSchemaUrl] },
  { name: 'ResourceAttributes', type: NATIVE_MAP, streams: [S.resourceCounts, S.resourceKeys, S.resourceValues] },
  { name: 'ScopeSchemaUrl', type: NATIVE_STRING, streams: [S.scopeSchemaUrl] },
  { name: 'ScopeName', type: NATIVE_STRING, streams: [S.scopeName] },
  { name: 'ScopeVersion', type: NATIVE_STRING, streams: [S.scopeVersion] },
  { name: 'ScopeAttributes', type: NATIVE_MAP, streams: [S.scopeCounts, S.scopeKeys, S.scopeValues] },
  { name: 'LogAttributes', type: NATIVE_MAP, streams: [S.attributeCounts, S.attributeKeys, S.attributeValues] },
]

/** A group's columns, encoded once for all of its records. */
export interface LogGroupValues {
  readonly serviceName: Buffer
  readonly resourceSchemaUrl: Buffer
  readonly resourceAttributes: EncodedMap
  readonly scopeSchemaUrl: Buffer
  readonly scopeName: Buffer
  readonly scopeVersion: Buffer
  readonly scopeAttributes: EncodedMap
}

export function logGroupValues(group: LogGroup): LogGroupValues {
  return {
    serviceName: stringValue(group.resource.serviceName),
    resourceSchemaUrl: stringValue(group.resourceSchemaUrl),
    resourceAttributes: encodedMap(group.resource.attributes),
    scopeSchemaUrl: stringValue(group.scopeSchemaUrl),
    scopeName: stringValue(group.scope.name),
    scopeVersion: stringValue(group.scope.version),
    scopeAttributes: encodedMap(group.scope.attributes),
  }
}

export class LogColumns extends ColumnStreams {
  constructor(expectedBytes = 4096) {
    super(STREAM_COUNT, LENGTH_STREAMS, S.body, expectedBytes)
  }

  #group(g: LogGroupValues): void {
    this.bytes(S.serviceName).raw(g.serviceName)
    this.bytes(S.resourceSchemaUrl).raw(g.resourceSchemaUrl)
    this.encodedMap(g.resourceAttributes, S.resourceCounts, S.resourceKeys, S.resourceValues)
    this.bytes(S.scopeSchemaUrl).raw(g.scopeSchemaUrl)
    this.bytes(S.scopeName).raw(g.scopeName)
    this.bytes(S.scopeVersion).raw(g.scopeVersion)
    this.encodedMap(g.scopeAttributes, S.scopeCounts, S.scopeKeys, S.scopeValues)
  }

  /** An ordinary record as `scan` read it, at `nanos` (its time, or its observed time), checked against DateTime64(9). */
  addScanned(s: LogScan, nanos: bigint, group: LogGroupValues): void {
    const src = s.src
    this.bytes(S.timestamp).int64(nanos)
    this.bytes(S.traceId).hexString(src, s.traceIdStart, s.traceIdEnd)
    this.bytes(S.spanId).hexString(src, s.spanIdStart, s.spanIdEnd)
    this.bytes(S.traceFlags).uint8(s.flags & 0xff)
    this.bytes(S.severityText).string(src, s.severityTextStart, s.severityTextEnd)
    this.bytes(S.severityNumber).uint8(s.severityNumber & 0xff)
    writeScannedValue(this.bytes(S.body), src, s.bodyKind, s.body1, s.body2)
    this.#group(group)
    writeScannedAttributes(
      s,
      this.lengths(S.attributeCounts),
      this.bytes(S.attributeKeys),
      this.bytes(S.attributeValues),
    )
    this.rows++
  }

  /** Any record, from its row. */
  addRow(row: LogRow): void {
    this.bytes(S.timestamp).int64(dateTime64Nanos(row.Timestamp))
    this.bytes(S.traceId).text(row.TraceId)
    this.bytes(S.spanId).text(row.SpanId)
    this.bytes(S.traceFlags).uint8(row.TraceFlags & 0xff)
    this.bytes(S.severityText).text(row.SeverityText)
    this.bytes(S.severityNumber).uint8(row.SeverityNumber & 0xff)
    this.bytes(S.serviceName).text(row.ServiceName)
    this.bytes(S.body).text(row.Body)
    this.bytes(S.resourceSchemaUrl).text(row.ResourceSchemaUrl)
    this.map(row.ResourceAttributes, S.resourceCounts, S.resourceKeys, S.resourceValues)
    this.bytes(S.scopeSchemaUrl).text(row.ScopeSchemaUrl)
    this.bytes(S.scopeName).text(row.ScopeName)
    this.bytes(S.scopeVersion).text(row.ScopeVersion)
    this.map(row.ScopeAttributes, S.scopeCounts, S.scopeKeys, S.scopeValues)
    this.map(row.LogAttributes, S.attributeCounts, S.attributeKeys, S.attributeValues)
    this.rows++
  }
}

/** The Native block of the records of `parts` (one part per message), in order. */
export function logColumnsToNative(parts: readonly LogColumns[]): Buffer {
  return writeNativeBlock(LOG_COLUMNS, parts)
}
