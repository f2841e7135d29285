// Log lines as OTLP log records, to the same endpoint as the spans, when
// start({ logs: true }) (or OTEL_LOGS_EXPORTER=otlp) turns it on. Each line is
// taken after pino has serialized and redacted it, so the exported record is
// the line the service wrote: body = msg, severity from the level, the other
// fields as attributes (correlation_id as `correlation.id`), and the active
// trace context — it is emitted inside the log call.
import { context, logs, SeverityNumber, type AnyValue } from '@opentelemetry/api'

let enabled = false

export function setLogExport(on: boolean): void {
  enabled = on
}

const SEVERITY: Record<string, SeverityNumber> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
}

/** Fields the record carries elsewhere (timestamp, severity, body, trace context, resource). */
const LIFTED = new Set(['time', 'level', 'msg', 'trace_id', 'span_id', 'service'])

/** pino's streamWrite hook: returns the line unchanged, exporting it on the way when enabled. */
export function exportLogLine(line: string): string {
  if (!enabled) return line
  try {
    const fields = JSON.parse(line) as Record<string, unknown>
    const attributes: Record<string, AnyValue> = {}
    for (const [key, value] of Object.entries(fields)) {
      if (LIFTED.has(key) || value === undefined) continue
      attributes[key === 'correlation_id' ? 'correlation.id' : key] = value as AnyValue
    }
    const level = String(fields['level'])
    logs.getLogger('@tracehound/instrumentation').emit({
      timestamp: typeof fields['time'] === 'string' ? new Date(fields['time']) : new Date(),
      severityNumber: SEVERITY[level] ?? SeverityNumber.UNSPECIFIED,
      severityText: level.toUpperCase(),
      body: typeof fields['msg'] === 'string' ? fields['msg'] : '',
      attributes,
      context: context.active(),
    })
  } catch {
    // Never let export break logging: the line is still written.
  }
  return line
}
