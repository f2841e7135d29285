// OTLP/HTTP receiver (/v1/traces, /v1/logs; protobuf or JSON; gzip) that
// validates every request completely and hands it to its sink (Kafka, or the
// store's batch writer inside `up`). A request is acknowledged only after the
// sink made it durable; a request that fails validation reaches no sink.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bearerMatches } from './bearer-token.ts'
import { exportRequest, type GatewayLog } from './export-request.ts'
import { resolveGatewayOptions, type GatewayOptions } from './gateway-options.ts'
import { startGrpcReceiver } from './otlp-grpc-receiver.ts'
import { GatewayMetrics } from './gateway-metrics.ts'
import { InFlightBudget } from './in-flight-budget.ts'
import { CONTENT_TYPE, partialSuccessBody, RPC, statusBody, successBody, type WireFormat } from './otlp-response.ts'

export type { GatewayLog }
import type { OtlpSink } from './otlp-sink.ts'
import { BodyError, readBody } from './read-body.ts'

export interface GatewayHandle {
  readonly url: string
  /** The OTLP/gRPC endpoint, when `grpcPort` was given. */
  readonly grpcUrl: string | undefined
  readonly metrics: GatewayMetrics
  close(): Promise<void>
}

function wireFormat(req: IncomingMessage): WireFormat | undefined {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase()
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  if (type === 'application/json') return 'json'
  return undefined
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  return bearerMatches(String(req.headers.authorization ?? ''), token)
}

export interface GatewayExtensions {
  /** More routes on the same port (tracehound up's /api/*); return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>
  /** More Prometheus text appended to /metrics. */
  metrics?: () => string
  /**
   * Routes served without the bearer token (up's console page and its static
   * assets, which hold no data: the page asks for the token before reading
   * /api/*). Return true when handled.
   */
  publicRoutes?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean
}

export async function startGateway(
  sink: OtlpSink,
  gatewayOptions: GatewayOptions = {},
  log: GatewayLog = () => {},
  extensions: GatewayExtensions = {},
): Promise<GatewayHandle> {
  const options = resolveGatewayOptions(gatewayOptions)
  const budget = new InFlightBudget(options.maxInFlightBytes)
  const metrics = new GatewayMetrics()

  const reply = (
    res: ServerResponse,
    path: string,
    status: number,
    format: WireFormat,
    body: Buffer,
    headers: Record<string, string> = {},
  ): void => {
    metrics.countRequest(path, status)
    res.writeHead(status, { 'Content-Type': CONTENT_TYPE[format], ...headers })
    res.end(body)
  }

  const handleExport = async (
    req: IncomingMessage,
    res: ServerResponse,
    signal: 'traces' | 'logs',
    path: string,
  ): Promise<void> => {
    const format = wireFormat(req)
    if (!authorized(req, options.bearerToken)) {
      reply(
        res,
        path,
        401,
        format ?? 'json',
        statusBody(
          format ?? 'json',
          RPC.UNAUTHENTICATED,
          'missing or wrong bearer token: send Authorization: Bearer <token>',
        ),
        { 'WWW-Authenticate': 'Bearer' },
      )
      return
    }
    if (!format) {
      reply(
        res,
        path,
        415,
        'json',
        statusBody(
          'json',
          RPC.INVALID_ARGUMENT,
          `Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')} is not OTLP: use application/x-protobuf or application/json`,
        ),
      )
      return
    }
    let body: Buffer
    try {
      body = await readBody(req, options.maxBodyBytes, options.maxDecompressedBytes)
    } catch (err) {
      if (err instanceof BodyError) {
        reply(res, path, err.status, format, statusBody(format, RPC.INVALID_ARGUMENT, err.message))
        return
      }
      throw err
    }
    const outcome = await exportRequest({ sink, options, budget, metrics, log }, signal, format, body)
    if (outcome.kind === 'stored') {
      const answer = outcome.partial
        ? partialSuccessBody(format, signal, outcome.partial.rejected, outcome.partial.message)
        : successBody(format)
      reply(res, path, 200, format, answer)
    } else if (outcome.kind === 'invalid') {
      reply(res, path, 400, format, statusBody(format, RPC.INVALID_ARGUMENT, outcome.message))
    } else {
      reply(res, path, 503, format, statusBody(format, RPC.UNAVAILABLE, outcome.message), {
        'Retry-After': String(options.retryAfterSeconds),
      })
    }
  }

  // Node checks request deadlines every connectionsCheckingInterval (30 s by
  // default), so a slow body would live ~80 s past a 30 s timeout: check each second.
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: Math.min(10_000, options.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, options.requestTimeoutMs),
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      if (req.method === 'GET' && path === '/healthz') {
        // The sink's state too: a gateway whose broker stopped answering is not healthy.
        const health = sink.health?.() ?? { ok: true }
        res
          .writeHead(health.ok ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: health.ok ? 'ok' : 'unhealthy', ...health.detail }))
        return
      }
      if (req.method === 'GET' && path === '/metrics') {
        res
          .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
          .end(metrics.render(budget.used) + (extensions.metrics?.() ?? ''))
        return
      }
      const signal = path === '/v1/traces' ? 'traces' : path === '/v1/logs' ? 'logs' : undefined
      if (!signal && extensions.publicRoutes?.(req, res, path)) return
      if (!signal && extensions.routes && !authorized(req, options.bearerToken)) {
        // The token that guards ingestion guards the read API on the same port too (up's /api/*): findings and edges are as sensitive as the spans.
        metrics.countRequest('other', 401)
        res
          .writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' })
          .end(
            statusBody(
              'json',
              RPC.UNAUTHENTICATED,
              'missing or wrong bearer token: send Authorization: Bearer <token>',
            ),
          )
        return
      }
      if (!signal && extensions.routes) {
        Promise.resolve(extensions.routes(req, res, path))
          .then((handled) => {
            if (!handled && !res.headersSent)
              res
                .writeHead(404, { 'Content-Type': 'application/json' })
                .end(statusBody('json', RPC.INVALID_ARGUMENT, `no such endpoint ${path}`))
          })
          .catch((err: unknown) => {
            log('error', 'API request failed', { path, error: (err as Error).message })
            if (!res.headersSent)
              res
                .writeHead(500, { 'Content-Type': 'application/json' })
                .end(JSON.stringify({ error: (err as Error).message }))
          })
        return
      }
      if (!signal) {
        metrics.countRequest('other', 404)
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(statusBody('json', RPC.INVALID_ARGUMENT, `no such endpoint ${path}: use POST /v1/traces or /v1/logs`))
        return
      }
      if (req.method !== 'POST') {
        metrics.countRequest(path, 405)
        res
          .writeHead(405, { Allow: 'POST', 'Content-Type': 'application/json' })
          .end(statusBody('json', RPC.INVALID_ARGUMENT, `${req.method} ${path}: OTLP/HTTP accepts POST only`))
        return
      }
      handleExport(req, res, signal, path).catch((err: unknown) => {
        log('error', 'export request failed', { error: (err as Error).message })
        if (!res.headersSent) reply(res, path, 500, 'json', statusBody('json', RPC.INTERNAL, 'internal error'))
      })
    },
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  // OTLP/gRPC beside OTLP/HTTP: the same sink, limits, token and budget.
  let grpc: Awaited<ReturnType<typeof startGrpcReceiver>> | undefined
  if (options.grpcPort !== undefined) {
    try {
      grpc = await startGrpcReceiver({ sink, options, budget, metrics, log }, options.grpcPort)
    } catch (err) {
      await new Promise((resolve) => server.close(() => resolve(null)))
      throw err
    }
  }
  log('info', 'gateway listening', {
    url,
    ...(grpc ? { grpc_url: grpc.url } : {}),
    auth: options.bearerToken ? 'bearer' : 'none',
  })
  return {
    url,
    grpcUrl: grpc?.url,
    metrics,
    close: async () => {
      await grpc?.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
