/** The `tracehound` command line. */
export { buildProgram } from './program.ts'
export { COMMANDS, type CommandSpec } from './commands.ts'
