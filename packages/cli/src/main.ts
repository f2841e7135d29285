// Process edge of the CLI: reads argv and package metadata (and settles kafkajs's timers), nothing else.
import { readFileSync } from 'node:fs'
// kafkajs's negative timer delay, before any command talks to Kafka (see the module).
import './kafkajs-timer-clamp.ts'
import { buildProgram } from './program.ts'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
try {
  await buildProgram(pkg.version).parseAsync(process.argv)
} catch (err) {
  // Expected failures (a locked store, a refused URL, a failed insert) carry
  // messages written for the user; print them without a stack.
  const message = err instanceof Error ? err.message : String(err)
  process.stderr.write(`tracehound: ${message}\n`)
  if (process.env['TRACEHOUND_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`)
  process.exitCode = 1
}
