// ExportLogsServiceRequest (protobuf) → the JSONEachRow text of its otel_logs
// rows: what `encodeJsonEachRow(decodeLogsProto())` gives, byte for byte
// (tested, fuzzed), without row objects. An ordinary record — string,
// boolean, small integer or double body and attributes — is written from its
// bytes (log-scan.ts); anything else is decoded to its row by the decoder and
// stringified, which is the same text or the decoder's own error. The
// resource's and scope's columns are encoded once per group.
import { DEFAULT_LIMITS } from './decode-error.ts'
import { decodeLogRecord, forEachLogRecord, type LogGroup } from './decode-logs-proto.ts'
import { createTimestampFormatter } from './format-timestamp.ts'
import { JsonBytes, jsonStringBound } from './json-bytes.ts'
import { LogScan } from './log-scan.ts'
import type { EncodedRows, JsonEachRowOptions } from './traces-proto-to-json-each-row.ts'

const json = JSON.stringify
/** Everything of a record's line but its strings, attributes and the group columns, with room to spare. */
const LINE_OVERHEAD = 256

/** Throws OtlpDecodeError on what decodeLogsProto refuses. `aliases` do not apply to logs. */
export function logsProtoToJsonEachRow(
  buf: Uint8Array,
  options: Omit<JsonEachRowOptions, 'aliases'> = {},
): EncodedRows {
  const lim = { ...DEFAULT_LIMITS, ...options.limits }
  const { oldestKept } = options
  const time = createTimestampFormatter()
  const out = new JsonBytes(buf.length * 4)
  const scan = new LogScan(lim)
  let rows = 0
  let rejected = 0
  let lastGroup: LogGroup | undefined
  let serviceColumn = Buffer.alloc(0)
  let groupColumns = Buffer.alloc(0)
  forEachLogRecord(buf, lim, (record, group) => {
    if (group !== lastGroup) {
      lastGroup = group
      serviceColumn = Buffer.from(`,"ServiceName":${json(group.resource.serviceName)},"Body":`)
      groupColumns = Buffer.from(
        `,"ResourceSchemaUrl":${json(group.resourceSchemaUrl)},"ResourceAttributes":${json(group.resource.attributes)}` +
          `,"ScopeSchemaUrl":${json(group.scopeSchemaUrl)},"ScopeName":${json(group.scope.name)}` +
          `,"ScopeVersion":${json(group.scope.version)},"ScopeAttributes":${json(group.scope.attributes)},"LogAttributes":`,
      )
    }
    if (!scan.read(record.buf, record.pos, record.end)) {
      const row = decodeLogRecord(record, group, lim, time)
      if (oldestKept !== undefined && row.Timestamp < oldestKept) rejected++
      else {
        out.text(`${json(row)}\n`)
        rows++
      }
      return
    }
    // The exporter falls back to the observed time when the record has none.
    const timestamp = time(scan.time !== 0n ? scan.time : scan.observed)
    if (oldestKept !== undefined && timestamp < oldestKept) {
      rejected++
      return
    }
    const src = scan.src
    out.ensure(
      LINE_OVERHEAD +
        serviceColumn.length +
        groupColumns.length +
        jsonStringBound(record.end - record.pos) +
        scan.valueRoom(),
    )
    out.ascii(`{"Timestamp":"${timestamp}","TraceId":"`)
    out.hex(src, scan.traceIdStart, scan.traceIdEnd)
    out.ascii('","SpanId":"')
    out.hex(src, scan.spanIdStart, scan.spanIdEnd)
    out.ascii(`","TraceFlags":${scan.flags & 0xff},"SeverityText":`)
    out.string(src, scan.severityTextStart, scan.severityTextEnd)
    out.ascii(`,"SeverityNumber":${scan.severityNumber}`)
    out.raw(serviceColumn)
    scan.writeValue(out, scan.bodyKind, scan.body1, scan.body2)
    out.raw(groupColumns)
    scan.writeAttributes(out)
    out.ascii('}\n')
    rows++
  })
  return { body: out.take(), rows, rejected }
}
