// Structured JSON logging on pino: every line carries time, level, service,
// msg, trace_id, span_id and correlation_id, and goes through the redactor
// (objects, message text, format arguments, errors with their stacks).
import { context, trace } from '@opentelemetry/api'
import { pino, type DestinationStream, type Level, type Logger } from 'pino'
import { CORRELATION_LOG_FIELD, getCorrelationId } from './correlation-id.ts'
import { isoNow } from './iso-time.ts'
import { exportLogLine } from './otlp-log-export.ts'
import { createRedactor, type Redactor, type RedactorOptions } from './redaction/redactor.ts'

export interface LoggerOptions {
  /** `service` on every line. */
  service: string
  /** Lowest level written. @default process.env.LOG_LEVEL ?? 'info' */
  level?: Level
  /** Where lines go (tests pass a stream that collects them). @default stdout */
  destination?: DestinationStream
  /** A redactor, or options for one. @default the built-in rules */
  redaction?: Redactor | RedactorOptions
}

export type { Logger }

function isRedactor(value: Redactor | RedactorOptions | undefined): value is Redactor {
  return value !== undefined && typeof (value as Redactor).value === 'function'
}

/**
 * `time` plus the trace and correlation ids of the active context, as the raw
 * JSON fragment pino's timestamp hook inserts: no object per line to build and
 * merge. Safe to inline unescaped: trace and span ids are hex, and a
 * correlation id only ever enters the context through acceptCorrelationId's
 * charset ([A-Za-z0-9._:-]) or as a UUID we generated.
 */
function timeAndContext(): string {
  let fragment = `,"time":"${isoNow()}"`
  const ctx = context.active()
  const span = trace.getSpan(ctx)
  if (span) {
    const ids = span.spanContext()
    fragment += `,"trace_id":"${ids.traceId}","span_id":"${ids.spanId}"`
  }
  const correlationId = getCorrelationId(ctx)
  if (correlationId) fragment += `,"${CORRELATION_LOG_FIELD}":"${correlationId}"`
  return fragment
}

export function createLogger(options: LoggerOptions): Logger {
  if (typeof options?.service !== 'string' || options.service.trim() === '') {
    throw new TypeError('createLogger: `service` must be a non-empty string, e.g. createLogger({ service: "orders" })')
  }
  const redactor = isRedactor(options.redaction) ? options.redaction : createRedactor(options.redaction)
  const config = {
    level: options.level ?? (process.env['LOG_LEVEL'] as Level | undefined) ?? 'info',
    base: { service: options.service },
    messageKey: 'msg',
    timestamp: timeAndContext,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactor.value(object) as Record<string, unknown>,
    },
    hooks: {
      streamWrite: exportLogLine,
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        // args[0] objects go through formatters.log; message text and format arguments are redacted here.
        // `args` is pino's own rest array for this call, so it is rewritten in place.
        for (let i = 0; i < args.length; i++) {
          const arg = args[i]
          if (typeof arg === 'string') args[i] = redactor.string(arg)
          else if (i > 0 && arg !== null && typeof arg === 'object') args[i] = redactor.value(arg)
        }
        method.apply(this, args)
      },
    },
  }
  return options.destination ? pino(config, options.destination) : pino(config)
}
