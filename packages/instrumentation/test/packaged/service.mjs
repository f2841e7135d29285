// A service team's plain-JavaScript Express service, installed from the
// packed tarball (no TypeScript, no workspace): start(), then Express.
//   PORT is chosen by the OS; the port is printed as `LISTENING <port>`.
import { createRequire } from 'node:module'
import { createLogger, start } from '@tracehound/instrumentation'

const instrumentation = start({ serviceName: 'packaged-shop' })
const express = createRequire(import.meta.url)('express')
const log = createLogger({ service: 'packaged-shop' })

const app = express()
app.get('/items/:id', (req, res) => {
  log.info({ component: 'packaged', password: 'hunter2-secret' }, `item ${req.params.id}`)
  res.json({ id: req.params.id })
})
const server = app.listen(0, '127.0.0.1', () =>
  process.stdout.write(`LISTENING ${server.address().port} ${process.version}\n`),
)
process.once('SIGTERM', () => server.close(() => void instrumentation.shutdown()))
