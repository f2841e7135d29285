// The console as its own stage (`tracehound console`): the page and the read
// API over a store this process only reads — for deployments where the
// pipeline runs as separate stages and `up` is not running. The API needs
// the console token (when set) exactly as up's needs the gateway token; the
// page's static files are public (they hold no data).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bearerMatches } from '@tracehound/gateway'
import type { Store } from '@tracehound/store'
import { apiRoutes } from './api-routes.ts'
import { consoleAssets } from './console-assets.ts'

export interface ConsoleServerOptions {
  host: string
  port: number
  /** Required for /api/* when set. */
  token?: string | undefined
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

export interface ConsoleServer {
  readonly url: string
  /** Requests answered, by status class, for /metrics. */
  readonly answered: Map<string, number>
  close(): Promise<void>
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body))
}

export async function startConsoleServer(store: Store, options: ConsoleServerOptions): Promise<ConsoleServer> {
  const assets = consoleAssets()
  const api = apiRoutes(store)
  const answered = new Map<string, number>()
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (assets(req, res, path)) return
    if (!path.startsWith('/api/')) return json(res, 404, { error: `no such page ${path}: the console is at /` })
    if (!bearerMatches(String(req.headers.authorization ?? ''), options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer')
      return json(res, 401, { error: 'missing or wrong token: send Authorization: Bearer <TRACEHOUND_CONSOLE_TOKEN>' })
    }
    if (!(await api(req, res, path))) json(res, 404, { error: `no such endpoint ${path}` })
  }
  const server: Server = createServer((req, res) => {
    res.once('finish', () => {
      const key = `${Math.floor(res.statusCode / 100)}xx`
      answered.set(key, (answered.get(key) ?? 0) + 1)
    })
    handle(req, res).catch((err: unknown) => {
      options.log('error', 'console request failed', { url: req.url?.slice(0, 200), error: (err as Error).message })
      if (!res.headersSent) json(res, 500, { error: 'the store could not answer; see the console log' })
    })
  })
  // A slow or stalled client cannot hold the connection open for long.
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    answered,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
