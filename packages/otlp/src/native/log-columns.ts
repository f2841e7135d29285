// The otel_logs columns of one message's log records in ClickHouse's Native
// layout (native-block.ts joins the parts of many messages into one block),
// as span-columns.ts does for spans: an ordinary record from its protobuf
// bytes as log-scan.ts found them, any other — and every OTLP/JSON record —
// from its row, with the same values (tested against the JSONEachRow path
// through the engine).
import type { LogGroup } from '../decode-logs-proto.ts'
import type { LogScan } from '../log-scan.ts'
import type { LogRow } from '../rows.ts'
import { writeNativeBlock, type NativeColumn, type NativeParts } from './native-block.ts'
import { ByteStream, Lengths, type Stream } from './native-streams.ts'
import { dateTime64Nanos } from './native-time.ts'
import { stringValue, writeMap, writeScannedAttributes, writeScannedValue } from './native-values.ts'

const STRING = 'String'
const MAP = 'Map(String, String)'

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
const STREAM_COUNT = 21

export const LOG_COLUMNS: readonly NativeColumn[] = [
  { name: 'Timestamp', type: 'DateTime64(9)', streams: [S.timestamp] },
  { name: 'TraceId', type: STRING, streams: [S.traceId] },
  { name: 'SpanId', type: STRING, streams: [S.spanId] },
  { name: 'TraceFlags', type: 'UInt8', streams: [S.traceFlags] },
  { name: 'SeverityText', type: STRING, streams: [S.severityText] },
  { name: 'SeverityNumber', type: 'UInt8', streams: [S.severityNumber] },
  { name: 'ServiceName', type: STRING, streams: [S.serviceName] },
  { name: 'Body', type: STRING, streams: [S.body] },
  { name: 'ResourceSchemaUrl', type: STRING, streams: [S.resourceSchemaUrl] },
  { name: 'ResourceAttributes', type: MAP, streams: [S.resourceCounts, S.resourceKeys, S.resourceValues] },
  { name: 'ScopeSchemaUrl', type: STRING, streams: [S.scopeSchemaUrl] },
  { name: 'ScopeName', type: STRING, streams: [S.scopeName] },
  { name: 'ScopeVersion', type: STRING, streams: [S.scopeVersion] },
  { name: 'ScopeAttributes', type: MAP, streams: [S.scopeCounts, S.scopeKeys, S.scopeValues] },
  { name: 'LogAttributes', type: MAP, streams: [S.attributeCounts, S.attributeKeys, S.attributeValues] },
]

/** A group's columns, encoded once for all of its records. */
export interface LogGroupValues {
  readonly strings: readonly [
    serviceName: Buffer,
    resourceSchemaUrl: Buffer,
    scopeSchemaUrl: Buffer,
    scopeName: Buffer,
    scopeVersion: Buffer,
  ]
  readonly resource: readonly [count: number, keys: Buffer, values: Buffer]
  readonly scope: readonly [count: number, keys: Buffer, values: Buffer]
}

function mapValue(map: Record<string, string>): readonly [number, Buffer, Buffer] {
  const counts = new Lengths()
  const keys = new ByteStream()
  const values = new ByteStream()
  writeMap(map, counts, keys, values)
  return [counts.counts[0]!, Buffer.from(keys.bytes), Buffer.from(values.bytes)]
}

export function logGroupValues(group: LogGroup): LogGroupValues {
  return {
    strings: [
      stringValue(group.resource.serviceName),
      stringValue(group.resourceSchemaUrl),
      stringValue(group.scopeSchemaUrl),
      stringValue(group.scope.name),
      stringValue(group.scope.version),
    ],
    resource: mapValue(group.resource.attributes),
    scope: mapValue(group.scope.attributes),
  }
}

export class LogColumns implements NativeParts {
  readonly streams: Stream[]
  rows = 0

  constructor(expectedBytes = 4096) {
    this.streams = Array.from({ length: STREAM_COUNT }, (_, i) =>
      LENGTH_STREAMS.has(i) ? new Lengths() : new ByteStream(i === S.body ? expectedBytes : 256),
    )
  }

  #bytes(index: number): ByteStream {
    return this.streams[index] as ByteStream
  }

  #lengths(index: number): Lengths {
    return this.streams[index] as Lengths
  }

  #group(g: LogGroupValues): void {
    const [serviceName, resourceSchemaUrl, scopeSchemaUrl, scopeName, scopeVersion] = g.strings
    this.#bytes(S.serviceName).raw(serviceName)
    this.#bytes(S.resourceSchemaUrl).raw(resourceSchemaUrl)
    this.#lengths(S.resourceCounts).push(g.resource[0])
    this.#bytes(S.resourceKeys).raw(g.resource[1])
    this.#bytes(S.resourceValues).raw(g.resource[2])
    this.#bytes(S.scopeSchemaUrl).raw(scopeSchemaUrl)
    this.#bytes(S.scopeName).raw(scopeName)
    this.#bytes(S.scopeVersion).raw(scopeVersion)
    this.#lengths(S.scopeCounts).push(g.scope[0])
    this.#bytes(S.scopeKeys).raw(g.scope[1])
    this.#bytes(S.scopeValues).raw(g.scope[2])
  }

  /** An ordinary record as `scan` read it, at `nanos` (its time, or its observed time), checked against DateTime64(9). */
  addScanned(s: LogScan, nanos: bigint, group: LogGroupValues): void {
    const src = s.src
    this.#bytes(S.timestamp).int64(nanos)
    this.#bytes(S.traceId).hexString(src, s.traceIdStart, s.traceIdEnd)
    this.#bytes(S.spanId).hexString(src, s.spanIdStart, s.spanIdEnd)
    this.#bytes(S.traceFlags).uint8(s.flags & 0xff)
    this.#bytes(S.severityText).string(src, s.severityTextStart, s.severityTextEnd)
    this.#bytes(S.severityNumber).uint8(s.severityNumber & 0xff)
    writeScannedValue(this.#bytes(S.body), src, s.bodyKind, s.body1, s.body2)
    this.#group(group)
    writeScannedAttributes(
      s,
      this.#lengths(S.attributeCounts),
      this.#bytes(S.attributeKeys),
      this.#bytes(S.attributeValues),
    )
    this.rows++
  }

  /** Any record, from its row. */
  addRow(row: LogRow): void {
    this.#bytes(S.timestamp).int64(dateTime64Nanos(row.Timestamp))
    this.#bytes(S.traceId).text(row.TraceId)
    this.#bytes(S.spanId).text(row.SpanId)
    this.#bytes(S.traceFlags).uint8(row.TraceFlags & 0xff)
    this.#bytes(S.severityText).text(row.SeverityText)
    this.#bytes(S.severityNumber).uint8(row.SeverityNumber & 0xff)
    this.#bytes(S.serviceName).text(row.ServiceName)
    this.#bytes(S.body).text(row.Body)
    this.#bytes(S.resourceSchemaUrl).text(row.ResourceSchemaUrl)
    writeMap(
      row.ResourceAttributes,
      this.#lengths(S.resourceCounts),
      this.#bytes(S.resourceKeys),
      this.#bytes(S.resourceValues),
    )
    this.#bytes(S.scopeSchemaUrl).text(row.ScopeSchemaUrl)
    this.#bytes(S.scopeName).text(row.ScopeName)
    this.#bytes(S.scopeVersion).text(row.ScopeVersion)
    writeMap(row.ScopeAttributes, this.#lengths(S.scopeCounts), this.#bytes(S.scopeKeys), this.#bytes(S.scopeValues))
    writeMap(
      row.LogAttributes,
      this.#lengths(S.attributeCounts),
      this.#bytes(S.attributeKeys),
      this.#bytes(S.attributeValues),
    )
    this.rows++
  }
}

/** The Native block of the records of `parts` (one part per message), in order. */
export function logColumnsToNative(parts: readonly LogColumns[]): Buffer {
  return writeNativeBlock(LOG_COLUMNS, parts)
}
