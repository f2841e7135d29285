// A Fastify service for the route-capture test: start() first, then Fastify.
//   SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT
import { createRequire } from 'node:module'
import { logger, setUser, start } from '../../src/index.ts'

const instrumentation = start({
  serviceName: process.env['SERVICE_NAME'] ?? 'svc',
  environment: 'test',
  batch: { scheduledDelayMillis: 100 },
})
const require = createRequire(import.meta.url)
const Fastify = require('fastify') as typeof import('fastify').default

const app = Fastify()
app.get<{ Params: { id: string } }>('/items/:id', async (request) => {
  setUser(`user-${request.params.id}`)
  logger.info({ component: 'items' }, `item ${request.params.id}`)
  return { id: request.params.id }
})
app.post('/items', async () => ({ created: true }))

const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`LISTENING ${new URL(address).port}\n`)

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => instrumentation.shutdown())
    .then(() => process.exit(0))
})
