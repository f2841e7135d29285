// The otel_traces columns of one message's spans in ClickHouse's Native
// layout (native-block.ts joins the parts of many messages into one block).
// An ordinary span is written from its protobuf bytes as span-scan.ts found
// them; any other span — and every OTLP/JSON span — from its row, with the
// same values (tested against the JSONEachRow path through the engine).
// LowCardinality columns are sent as String and Maps as Map(String, String):
// the engine converts them on insert at no measurable cost, and no
// dictionaries are built here.
import type { ResourceInfo, ScopeInfo } from '../proto-common.ts'
import { SPAN_KINDS, STATUS_CODES, type SpanRow, spanKindName, statusCodeName } from '../rows.ts'
import type { SpanScan } from '../span-scan.ts'
import { ColumnStreams, NATIVE_MAP, NATIVE_STRING, writeNativeBlock, type NativeColumn } from './native-block.ts'
import { dateTime64Nanos } from './native-time.ts'
import { type EncodedMap, encodedMap, stringValue, writeScannedAttributes } from './native-values.ts'

/** The streams of a part, by index (see SPAN_COLUMNS). */
const S = {
  timestamp: 0,
  traceId: 1,
  spanId: 2,
  parentSpanId: 3,
  traceState: 4,
  spanName: 5,
  spanKind: 6,
  serviceName: 7,
  resourceCounts: 8,
  resourceKeys: 9,
  resourceValues: 10,
  scopeName: 11,
  scopeVersion: 12,
  attributeCounts: 13,
  attributeKeys: 14,
  attributeValues: 15,
  duration: 16,
  statusCode: 17,
  statusMessage: 18,
  eventCounts: 19,
  eventTimes: 20,
  eventNames: 21,
  eventAttributeCounts: 22,
  eventAttributeKeys: 23,
  eventAttributeValues: 24,
  linkCounts: 25,
  linkTraceIds: 26,
  linkSpanIds: 27,
  linkStates: 28,
  linkAttributeCounts: 29,
  linkAttributeKeys: 30,
  linkAttributeValues: 31,
} as const
const LENGTH_STREAMS = new Set<number>([
  S.resourceCounts,
  S.attributeCounts,
  S.eventCounts,
  S.eventAttributeCounts,
  S.linkCounts,
  S.linkAttributeCounts,
])
const STREAM_COUNT = Object.keys(S).length

/** otel_traces in Native: a Nested column's sub-columns share its element counts. */
export const SPAN_COLUMNS: readonly NativeColumn[] = [
  { name: 'Timestamp', type: 'DateTime64(9)', streams: [S.timestamp] },
  { name: 'TraceId', type: NATIVE_STRING, streams: [S.traceId] },
  { name: 'SpanId', type: NATIVE_STRING, streams: [S.spanId] },
  { name: 'ParentSpanId', type: NATIVE_STRING, streams: [S.parentSpanId] },
  { name: 'TraceState', type: NATIVE_STRING, streams: [S.traceState] },
  { name: 'SpanName', type: NATIVE_STRING, streams: [S.spanName] },
  { name: 'SpanKind', type: NATIVE_STRING, streams: [S.spanKind] },
  { name: 'ServiceName', type: NATIVE_STRING, streams: [S.serviceName] },
  { name: 'ResourceAttributes', type: NATIVE_MAP, streams: [S.resourceCounts, S.resourceKeys, S.resourceValues] },
  { name: 'ScopeName', type: NATIVE_STRING, streams: [S.scopeName] },
  { name: 'ScopeVersion', type: NATIVE_STRING, streams: [S.scopeVersion] },
  { name: 'SpanAttributes', type: NATIVE_MAP, streams: [S.attributeCounts, S.attributeKeys, S.attributeValues] },
  { name: 'Duration', type: 'UInt64', streams: [S.duration] },
  { name: 'StatusCode', type: NATIVE_STRING, streams: [S.statusCode] },
  { name: 'StatusMessage', type: NATIVE_STRING, streams: [S.statusMessage] },
  { name: 'Events.Timestamp', type: 'Array(DateTime64(9))', streams: [S.eventCounts, S.eventTimes] },
  { name: 'Events.Name', type: 'Array(String)', streams: [S.eventCounts, S.eventNames] },
  {
    name: 'Events.Attributes',
    type: `Array(${NATIVE_MAP})`,
    streams: [S.eventCounts, S.eventAttributeCounts, S.eventAttributeKeys, S.eventAttributeValues],
  },
  { name: 'Links.TraceId', type: 'Array(String)', streams: [S.linkCounts, S.linkTraceIds] },
  { name: 'Links.SpanId', type: 'Array(String)', streams: [S.linkCounts, S.linkSpanIds] },
  { name: 'Links.TraceState', type: 'Array(String)', streams: [S.linkCounts, S.linkStates] },
  {
    name: 'Links.Attributes',
    type: `Array(${NATIVE_MAP})`,
    streams: [S.linkCounts, S.linkAttributeCounts, S.linkAttributeKeys, S.linkAttributeValues],
  },
]

const KIND_VALUES = SPAN_KINDS.map(stringValue)
const STATUS_VALUES = STATUS_CODES.map(stringValue)
const UNSPECIFIED_KIND = stringValue(spanKindName(-1))
const UNSET_STATUS = stringValue(statusCodeName(-1))

/** A resource's or a scope's columns, encoded once for all the spans of its group. */
export interface GroupValues {
  readonly serviceName: Buffer
  readonly resourceAttributes: EncodedMap
  readonly scopeName: Buffer
  readonly scopeVersion: Buffer
}

export function groupValues(resource: ResourceInfo, scope: ScopeInfo): GroupValues {
  return {
    serviceName: stringValue(resource.serviceName),
    resourceAttributes: encodedMap(resource.attributes),
    scopeName: stringValue(scope.name),
    scopeVersion: stringValue(scope.version),
  }
}

export class SpanColumns extends ColumnStreams {
  constructor(expectedBytes = 4096) {
    super(STREAM_COUNT, LENGTH_STREAMS, S.attributeValues, expectedBytes)
  }

  #group(g: GroupValues): void {
    this.bytes(S.serviceName).raw(g.serviceName)
    this.encodedMap(g.resourceAttributes, S.resourceCounts, S.resourceKeys, S.resourceValues)
    this.bytes(S.scopeName).raw(g.scopeName)
    this.bytes(S.scopeVersion).raw(g.scopeVersion)
  }

  /** An ordinary span as `scan` read it (start time already checked against DateTime64(9)'s range). */
  addScanned(s: SpanScan, group: GroupValues): void {
    const src = s.src
    this.bytes(S.timestamp).uint64Halves(s.startHigh, s.startLow)
    this.bytes(S.traceId).hexString(src, s.traceIdStart, s.traceIdEnd)
    this.bytes(S.spanId).hexString(src, s.spanIdStart, s.spanIdEnd)
    this.bytes(S.parentSpanId).hexString(src, s.parentStart, s.parentEnd)
    this.bytes(S.traceState).string(src, s.stateStart, s.stateEnd)
    this.bytes(S.spanName).string(src, s.nameStart, s.nameEnd)
    this.bytes(S.spanKind).raw(KIND_VALUES[s.kind] ?? UNSPECIFIED_KIND)
    this.#group(group)
    writeScannedAttributes(
      s,
      this.lengths(S.attributeCounts),
      this.bytes(S.attributeKeys),
      this.bytes(S.attributeValues),
    )
    this.bytes(S.duration).uint64(s.duration())
    this.bytes(S.statusCode).raw(STATUS_VALUES[s.statusCode] ?? UNSET_STATUS)
    this.bytes(S.statusMessage).string(src, s.statusMessageStart, s.statusMessageEnd)
    this.lengths(S.eventCounts).push(0)
    this.lengths(S.linkCounts).push(0)
    this.rows++
  }

  /** Any span, from its row (events, links, OTLP/JSON). */
  addRow(row: SpanRow): void {
    this.bytes(S.timestamp).int64(dateTime64Nanos(row.Timestamp))
    this.bytes(S.traceId).text(row.TraceId)
    this.bytes(S.spanId).text(row.SpanId)
    this.bytes(S.parentSpanId).text(row.ParentSpanId)
    this.bytes(S.traceState).text(row.TraceState)
    this.bytes(S.spanName).text(row.SpanName)
    this.bytes(S.spanKind).text(row.SpanKind)
    this.bytes(S.serviceName).text(row.ServiceName)
    this.map(row.ResourceAttributes, S.resourceCounts, S.resourceKeys, S.resourceValues)
    this.bytes(S.scopeName).text(row.ScopeName)
    this.bytes(S.scopeVersion).text(row.ScopeVersion)
    this.map(row.SpanAttributes, S.attributeCounts, S.attributeKeys, S.attributeValues)
    this.bytes(S.duration).uint64(row.Duration)
    this.bytes(S.statusCode).text(row.StatusCode)
    this.bytes(S.statusMessage).text(row.StatusMessage)
    const eventTimes = this.bytes(S.eventTimes)
    const eventNames = this.bytes(S.eventNames)
    this.lengths(S.eventCounts).push(row['Events.Timestamp'].length)
    for (const [i, time] of row['Events.Timestamp'].entries()) {
      eventTimes.int64(dateTime64Nanos(time))
      eventNames.text(row['Events.Name'][i] ?? '')
      this.map(row['Events.Attributes'][i] ?? {}, S.eventAttributeCounts, S.eventAttributeKeys, S.eventAttributeValues)
    }
    this.lengths(S.linkCounts).push(row['Links.TraceId'].length)
    for (const [i, traceId] of row['Links.TraceId'].entries()) {
      this.bytes(S.linkTraceIds).text(traceId)
      this.bytes(S.linkSpanIds).text(row['Links.SpanId'][i] ?? '')
      this.bytes(S.linkStates).text(row['Links.TraceState'][i] ?? '')
      this.map(row['Links.Attributes'][i] ?? {}, S.linkAttributeCounts, S.linkAttributeKeys, S.linkAttributeValues)
    }
    this.rows++
  }
}

/** The Native block of the spans of `parts` (one part per message), in order. */
export function spanColumnsToNative(parts: readonly SpanColumns[]): Buffer {
  return writeNativeBlock(SPAN_COLUMNS, parts)
}
