// Options of start(), validated once; OTEL_* variables fill what is not given.
import type { SpanExporter } from '@opentelemetry/sdk-trace'
import type { RedactorOptions } from './redaction/redactor.ts'

export interface StartOptions {
  /** `service.name`. Required (or OTEL_SERVICE_NAME). */
  serviceName?: string
  /** `service.version`. @default process.env.npm_package_version */
  serviceVersion?: string
  /** `deployment.environment`. @default process.env.NODE_ENV ?? 'development' */
  environment?: string
  /** OTLP/HTTP base URL (`/v1/traces` is appended). @default OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318' */
  endpoint?: string
  /** @default OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf' */
  protocol?: 'http/protobuf' | 'http/json'
  /** Extra keys, patterns and allow-list for the redactor (logs and span attributes). */
  redaction?: RedactorOptions
  /** Batch span processor limits. @default { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1000 } */
  batch?: { maxQueueSize?: number; maxExportBatchSize?: number; scheduledDelayMillis?: number }
  /** Export to this exporter instead of OTLP (tests, custom pipelines). */
  spanExporter?: SpanExporter
  /** Also export log lines as OTLP log records (`/v1/logs` on the same endpoint). @default OTEL_LOGS_EXPORTER includes "otlp" */
  logs?: boolean
}

export interface ResolvedStartOptions {
  serviceName: string
  serviceVersion: string
  environment: string
  tracesUrl: string
  protocol: 'http/protobuf' | 'http/json'
  redaction: RedactorOptions
  batch: { maxQueueSize: number; maxExportBatchSize: number; scheduledDelayMillis: number }
  spanExporter: SpanExporter | undefined
  /** Where log records go; undefined when log export is off. */
  logsUrl: string | undefined
}

export function resolveStartOptions(options: StartOptions, env: NodeJS.ProcessEnv): ResolvedStartOptions {
  if (options === null || typeof options !== 'object')
    throw new TypeError('start(options): expected an object, e.g. start({ serviceName: "orders" })')
  const serviceName = options.serviceName ?? env['OTEL_SERVICE_NAME']
  if (typeof serviceName !== 'string' || !/^[\w.-]{1,100}$/.test(serviceName)) {
    throw new TypeError(
      `start(): serviceName ${JSON.stringify(serviceName)} is not valid: expected 1–100 letters, digits, '.', '_' or '-' (or set OTEL_SERVICE_NAME)`,
    )
  }
  const protocol =
    options.protocol ??
    (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] as StartOptions['protocol']) ??
    (env['OTEL_EXPORTER_OTLP_PROTOCOL'] as StartOptions['protocol']) ??
    'http/protobuf'
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new TypeError(
      `start(): protocol ${JSON.stringify(protocol)} is not supported: expected http/protobuf or http/json (grpc is not bundled)`,
    )
  }
  const tracesUrl =
    env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] && !options.endpoint
      ? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']
      : `${(options.endpoint ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`
  try {
    const url = new URL(tracesUrl)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme')
  } catch {
    throw new TypeError(
      `start(): endpoint ${JSON.stringify(options.endpoint ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'])} is not an http(s) URL, e.g. http://localhost:4318`,
    )
  }
  const batch = { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1000, ...options.batch }
  for (const [key, value] of Object.entries(batch)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`start(): batch.${key} = ${JSON.stringify(value)}: expected a whole number ≥ 1`)
  }
  if (batch.maxExportBatchSize > batch.maxQueueSize)
    throw new RangeError('start(): batch.maxExportBatchSize must not exceed batch.maxQueueSize')
  if (options.logs !== undefined && typeof options.logs !== 'boolean')
    throw new TypeError(`start(): logs = ${JSON.stringify(options.logs)}: expected true or false`)
  const logs =
    options.logs ??
    (env['OTEL_LOGS_EXPORTER'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .includes('otlp')
  const logsUrl = !logs
    ? undefined
    : env['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT'] && !options.endpoint
      ? env['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT']
      : tracesUrl.replace(/\/v1\/traces$/, '/v1/logs')
  return {
    serviceName,
    serviceVersion: options.serviceVersion ?? env['npm_package_version'] ?? '0.0.0',
    environment: options.environment ?? env['NODE_ENV'] ?? 'development',
    tracesUrl,
    protocol,
    redaction: options.redaction ?? {},
    batch,
    spanExporter: options.spanExporter,
    logsUrl,
  }
}
