// `node --import @tracehound/instrumentation/register app.mjs` — for services
// written as ES modules, whose static imports (express, fastify, …) load
// before any line of the app could call start(). This entry installs the ESM
// loader hook the instrumentations patch through (import-in-the-middle), then
// calls start() from the OTEL_* variables (OTEL_SERVICE_NAME is required), all
// before the app's first import. Spans are exported every second; a natural
// exit flushes the rest.
import { register } from 'node:module'

register('import-in-the-middle/hook.mjs', import.meta.url)
const { start } = await import('./start.ts')
const instrumentation = start({})
process.once('beforeExit', () => void instrumentation.shutdown())
