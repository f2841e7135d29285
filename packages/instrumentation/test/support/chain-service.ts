// A small service for the end-to-end test: instrumented with start() only,
// Express routes, calls the next service with fetch (or node:http with
// NEXT_CLIENT=node:http), logs with the secrets a careless service would log.
// Run as its own process (start() is per process).
//   SERVICE_NAME, NEXT_URL (optional), NEXT_CLIENT (optional), OTEL_EXPORTER_OTLP_ENDPOINT
import { createRequire } from 'node:module'
import { logger, setUser, start } from '../../src/index.ts'

const instrumentation = start({
  serviceName: process.env['SERVICE_NAME'] ?? 'svc',
  environment: 'test',
  batch: { scheduledDelayMillis: 100 },
})
// Frameworks load after start() through require, so the instrumentation can patch them.
const require = createRequire(import.meta.url)
const express = require('express') as typeof import('express')

const app = express()
const next = process.env['NEXT_URL']
const log = logger.child({ component: 'handler' })

app.get('/orders/:id', async (req, res) => {
  setUser(`user-${req.params.id}`, { role: 'customer' })
  log.info(
    { password: 'hunter2', headers: { authorization: 'Bearer abcdefghijklmnop' } },
    `handling order ${req.params.id} for jane.doe@example.com`,
  )
  let downstream: unknown = null
  if (next) {
    const url = `${next}/orders/${req.params.id}?api_key=sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`
    downstream =
      process.env['NEXT_CLIENT'] === 'node:http' ? await getWithNodeHttp(url) : await (await fetch(url)).json()
  }
  log.warn(`done with card 4111 1111 1111 1111 and token ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'}`)
  // The baggage header it got, to check what the caller propagated.
  res.json({ service: process.env['SERVICE_NAME'], baggage: req.headers['baggage'] ?? null, downstream })
})

// For the error paths: a failing route and one that never answers.
app.get('/fail', (_req, res) => {
  res.status(503).json({ error: 'unavailable' })
})
app.get('/hang', () => {})

/** GET with node:http's own client (the body is read in a 'data'/'end' listener). */
function getWithNodeHttp(url: string): Promise<unknown> {
  const http = require('node:http') as typeof import('node:http')
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve(JSON.parse(body)))
      })
      .on('error', reject)
  })
}

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`)
})

process.once('SIGTERM', () => {
  server.close()
  void instrumentation.shutdown().then(() => process.exit(0))
})
