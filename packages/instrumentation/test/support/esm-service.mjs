// An ES-module service for the --import test: no start() call anywhere; the
// instrumentation comes from `node --import @tracehound/instrumentation/register`.
//   OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT
import express from 'express'
import { logger } from '@tracehound/instrumentation'

const app = express()
app.get('/esm/:id', (req, res) => {
  logger.info({ component: 'esm' }, `esm ${req.params.id}`)
  res.json({ id: req.params.id })
})
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`))
process.once('SIGTERM', () => server.close())
