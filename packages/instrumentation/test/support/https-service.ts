// An https service for the https test. The server is created BEFORE start():
// the instrumentation patches the servers' shared prototype, so import and
// creation order do not matter. The handler reads the body and logs from the
// request's 'end' listener, which runs outside the handler's own call.
//   SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, TLS_KEY, TLS_CERT (file paths)
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { logger, start } from '../../src/index.ts'

const server = createServer(
  { key: readFileSync(process.env['TLS_KEY']!), cert: readFileSync(process.env['TLS_CERT']!) },
  (req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      logger.info({ component: 'upload', bytes: body.length }, 'upload received')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes: body.length }))
    })
  },
)
const instrumentation = start({
  serviceName: process.env['SERVICE_NAME'] ?? 'svc',
  environment: 'test',
  batch: { scheduledDelayMillis: 100 },
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`)
})

process.once('SIGTERM', () => {
  server.close()
  void instrumentation.shutdown().then(() => process.exit(0))
})
