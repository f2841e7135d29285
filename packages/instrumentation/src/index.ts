/**
 * @tracehound/instrumentation — the library every Node service imports.
 *
 *   import { start, logger, setUser } from '@tracehound/instrumentation'
 *   start({ serviceName: 'orders' })   // first line of the service
 */
export { start, type Instrumentation } from './start.ts'
export type { StartOptions } from './start-options.ts'
export { logger } from './default-logger.ts'
export { createLogger, type LoggerOptions, type Logger } from './logger.ts'
export { setUser } from './set-user.ts'
export { getCorrelationId, runWithCorrelationId, CORRELATION_HEADER, CORRELATION_ATTRIBUTE } from './correlation-id.ts'
export { createRedactor, type Redactor, type RedactorOptions } from './redaction/redactor.ts'
export type { ValuePattern } from './redaction/value-patterns.ts'
