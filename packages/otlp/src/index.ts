/**
 * @tracehound/otlp — OTLP traces and logs, protobuf and JSON, decoded into the
 * rows of otel_traces / otel_logs exactly as the OpenTelemetry Collector's
 * ClickHouse exporter writes them — as row objects, as JSONEachRow straight
 * from the protobuf's bytes, or as ClickHouse Native columns, which the
 * engine inserts a quarter cheaper. Pure functions; no I/O.
 */
export { decodeTracesProto } from './decode-traces-proto.ts'
export { decodeLogsProto } from './decode-logs-proto.ts'
export { decodeTracesJson, decodeLogsJson } from './decode-json.ts'
export { parseJsonBody } from './json-common.ts'
export { splitTracesProtoByGroup, splitTracesProtoByTrace, varintBytes, type TraceMessage } from './split-by-trace.ts'
export { encodeLogsJsonAsProto, encodeTracesJsonAsProto } from './encode-json-as-proto.ts'
export { ItemTooLargeError, splitProtoBySize } from './split-by-size.ts'
export { OtlpDecodeError, DEFAULT_LIMITS, type DecodeLimits } from './decode-error.ts'
export { formatDouble } from './attribute-value.ts'
export type { SpanRow, LogRow, Attributes } from './rows.ts'
export { aliasPrincipals, applyPrincipalAliases, type PrincipalAliases } from './principal-aliases.ts'
export { withinRetention, retentionMessage, type RetentionSplit } from './retention-filter.ts'
export {
  tracesProtoToJsonEachRow,
  type EncodedRows,
  type JsonEachRowOptions,
} from './traces-proto-to-json-each-row.ts'
export { checkLogsProto, checkTracesProto, type CheckedRecords } from './check-in-place.ts'
export { logsProtoToJsonEachRow } from './logs-proto-to-json-each-row.ts'
export { tracesProtoToNative, type NativeSpans } from './traces-proto-to-native.ts'
export { SpanColumns, spanColumnsToNative } from './native/span-columns.ts'
export { logsProtoToNative, type NativeLogs } from './logs-proto-to-native.ts'
export { LogColumns, logColumnsToNative } from './native/log-columns.ts'
