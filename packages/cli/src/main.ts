// Process edge of the CLI: reads argv and package metadata, nothing else.
import { readFileSync } from 'node:fs'
import { buildProgram } from './program.ts'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
await buildProgram(pkg.version).parseAsync(process.argv)
