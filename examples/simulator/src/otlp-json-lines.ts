// Simulated spans as OTLP/JSON ExportTraceServiceRequest lines — what an
// OpenTelemetry file exporter writes and `tracehound replay` reads — grouped
// by resource (service + version) within a line.
import type { SimSpan } from './trace-builder.ts'

const attributes = (map: Record<string, string>): { key: string; value: { stringValue: string } }[] =>
  Object.entries(map).map(([key, value]) => ({ key, value: { stringValue: value } }))

export function toOtlpJsonLine(spans: readonly SimSpan[]): string {
  const resources = new Map<string, SimSpan[]>()
  for (const span of spans) {
    const key = `${span.service}\u0000${span.serviceVersion}`
    const list = resources.get(key)
    if (list) list.push(span)
    else resources.set(key, [span])
  }
  const resourceSpans = [...resources.values()].map((group) => ({
    resource: {
      attributes: attributes({
        'service.name': group[0]!.service,
        'service.version': group[0]!.serviceVersion,
        'deployment.environment': 'simulation',
      }),
    },
    scopeSpans: [
      {
        scope: { name: '@tracehound/simulator', version: '1' },
        spans: group.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: s.startNs.toString(),
          endTimeUnixNano: (s.startNs + BigInt(s.durationNs)).toString(),
          attributes: attributes(s.attributes),
          status: { code: s.error ? 2 : 0 },
        })),
      },
    ],
  }))
  return JSON.stringify({ resourceSpans })
}
