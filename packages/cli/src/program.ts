import { Command } from 'commander'
import { COMMANDS } from './commands.ts'

/** Builds the `tracehound` command line; pure, so tests can parse without exiting. */
export function buildProgram(version: string): Command {
  const program = new Command('tracehound')
    .description(
      'Watches the traffic between microservices and flags endpoint abuse, lateral movement and unexpected service edges.',
    )
    .version(version)
    .option(
      '--config <file>',
      'tracehound.yaml: store, kafka, gateway, detect and alerts sections (default: ./tracehound.yaml when present; TRACEHOUND_* variables override it, flags override both)',
    )
    .showHelpAfterError()

  for (const spec of COMMANDS) spec.register(program.command(spec.usage).description(spec.summary))
  return program
}
