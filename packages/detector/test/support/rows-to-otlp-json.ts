// TEST UTILITY — otel_traces rows back to OTLP/JSON ExportTraceServiceRequest
// lines (what an OpenTelemetry file exporter writes), so labelled traffic can
// go through `tracehound replay` like a recording.
import type { SpanRow } from '../../../store/test/support/generate-spans.ts'

const KIND: Record<string, number> = { Unspecified: 0, Internal: 1, Server: 2, Client: 3, Producer: 4, Consumer: 5 }
const STATUS: Record<string, number> = { Unset: 0, Ok: 1, Error: 2 }

function nanos(timestamp: string): bigint {
  const [date, fraction = '0'] = timestamp.split('.')
  return BigInt(Date.parse(`${date!.replace(' ', 'T')}Z`)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'))
}

const attributes = (map: Record<string, string>) =>
  Object.entries(map).map(([key, value]) => ({ key, value: { stringValue: value } }))

/** One line per `perLine` spans, grouped by service within a line. */
export function rowsToOtlpJsonLines(rows: readonly SpanRow[], perLine = 500): string[] {
  const lines: string[] = []
  for (let i = 0; i < rows.length; i += perLine) {
    const byService = new Map<string, SpanRow[]>()
    for (const row of rows.slice(i, i + perLine))
      byService.set(row.ServiceName, [...(byService.get(row.ServiceName) ?? []), row])
    const resourceSpans = [...byService].map(([service, spans]) => ({
      resource: { attributes: attributes({ 'service.name': service }) },
      scopeSpans: [
        {
          scope: { name: spans[0]!.ScopeName, version: spans[0]!.ScopeVersion },
          spans: spans.map((s) => {
            const start = nanos(s.Timestamp)
            return {
              traceId: s.TraceId,
              spanId: s.SpanId,
              ...(s.ParentSpanId ? { parentSpanId: s.ParentSpanId } : {}),
              name: s.SpanName,
              kind: KIND[s.SpanKind] ?? 0,
              startTimeUnixNano: start.toString(),
              endTimeUnixNano: (start + BigInt(s.Duration)).toString(),
              attributes: attributes(s.SpanAttributes),
              status: { code: STATUS[s.StatusCode] ?? 0, ...(s.StatusMessage ? { message: s.StatusMessage } : {}) },
            }
          }),
        },
      ],
    }))
    lines.push(JSON.stringify({ resourceSpans }))
  }
  return lines
}
