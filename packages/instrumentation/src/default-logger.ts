// The `logger` services import: JSON on stdout; `service` is filled in by
// start(). Create child loggers after start() so they carry the right service.
import { createLogger } from './logger.ts'

export const logger = createLogger({ service: process.env['OTEL_SERVICE_NAME'] ?? 'unknown_service' })
