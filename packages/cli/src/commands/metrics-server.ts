// A stage's own /metrics (Prometheus text) and /healthz, on 127.0.0.1 unless
// told otherwise (in a container, 0.0.0.0 so Prometheus can scrape it).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export async function startMetricsServer(
  port: number,
  render: () => string,
  health: () => { ok: boolean; detail?: Record<string, unknown> },
  host = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      res.end(render())
    } else if (req.url === '/healthz') {
      const { ok, detail } = health()
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy', ...detail }))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
