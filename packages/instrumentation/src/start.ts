// start(): OpenTelemetry for a Node service in one call — OTLP/HTTP export,
// node:http/https and fetch instrumentation (Express and Fastify routes too), correlation
// ids on every request, span and log line, and redaction before export.
import { trace } from '@opentelemetry/api'
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPLogExporter as OTLPJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace'
import { CorrelationIdPropagator } from './correlation-propagator.ts'
import { CorrelationSpanProcessor } from './correlation-span-processor.ts'
import { logger } from './default-logger.ts'
import { PooledIdGenerator } from './pooled-id-generator.ts'
import { captureFastifyRoutes } from './fastify-routes.ts'
import { traceHttpClients } from './http/client-spans.ts'
import { traceHttpServers } from './http/server-spans.ts'
import { setLogExport } from './otlp-log-export.ts'
import { createRedactor } from './redaction/redactor.ts'
import { RedactingSpanExporter } from './redacting-span-exporter.ts'
import { resolveStartOptions, type StartOptions } from './start-options.ts'

export interface Instrumentation {
  readonly serviceName: string
  /** Flushes every pending span and stops the SDK. Safe to call twice. */
  shutdown(): Promise<void>
}

let running: Instrumentation | undefined

export function start(options: StartOptions = {}): Instrumentation {
  if (running) {
    throw new Error(
      `@tracehound/instrumentation start() was already called (service "${running.serviceName}"); call it once, as the first line of the service`,
    )
  }
  const resolved = resolveStartOptions(options, process.env)
  const redactor = createRedactor(resolved.redaction)
  const exporter =
    resolved.spanExporter ??
    (resolved.protocol === 'http/json'
      ? new OTLPJsonTraceExporter({ url: resolved.tracesUrl })
      : new OTLPProtoTraceExporter({ url: resolved.tracesUrl }))
  const correlation = new CorrelationSpanProcessor()

  const logExporter =
    resolved.logsUrl === undefined
      ? undefined
      : resolved.protocol === 'http/json'
        ? new OTLPJsonLogExporter({ url: resolved.logsUrl })
        : new OTLPProtoLogExporter({ url: resolved.logsUrl })

  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': resolved.serviceName,
      'service.version': resolved.serviceVersion,
      'deployment.environment': resolved.environment,
      'deployment.environment.name': resolved.environment,
    }),
    ...(logExporter
      ? { logRecordProcessors: [new BatchLogRecordProcessor({ exporter: logExporter, ...resolved.batch })] }
      : {}),
    idGenerator: new PooledIdGenerator(),
    spanProcessors: [
      correlation,
      new BatchSpanProcessor({ exporter: new RedactingSpanExporter(exporter, redactor), ...resolved.batch }),
    ],
    // W3C trace context, then the correlation id with the rest of the W3C baggage.
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new CorrelationIdPropagator()],
    }),
    // No metrics unless asked for (OTEL_METRICS_EXPORTER): tracehound reads spans and logs only.
    ...(process.env['OTEL_METRICS_EXPORTER'] ? {} : { metricReaders: [] }),
    // node:http(s) is traced below, from Node's diagnostics channels and one prototype patch.
    instrumentations: [new UndiciInstrumentation(), new ExpressInstrumentation()],
  })
  sdk.start()
  const tracer = trace.getTracer('@tracehound/instrumentation')
  const stopHttpServers = traceHttpServers(tracer)
  // Never trace our own export requests (they are also sent with tracing suppressed).
  const stopHttpClients = traceHttpClients(
    tracer,
    (request) => request.path.startsWith('/v1/traces') || request.path.startsWith('/v1/logs'),
  )
  const stopFastifyRoutes = captureFastifyRoutes()
  setLogExport(logExporter !== undefined)
  logger.setBindings({ service: resolved.serviceName })

  let stopped: Promise<void> | undefined
  const instance: Instrumentation = {
    serviceName: resolved.serviceName,
    shutdown() {
      stopped ??= (async () => {
        stopHttpServers()
        stopHttpClients()
        stopFastifyRoutes()
        setLogExport(false)
        await sdk.shutdown()
        running = undefined
      })()
      return stopped
    },
  }
  running = instance
  return instance
}
