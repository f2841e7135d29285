// Precedence between a command's flags and tracehound.yaml: a flag the user
// typed wins; otherwise the configuration (file or TRACEHOUND_* variables);
// otherwise the flag's own default.
import type { Command } from 'commander'

export function effective<T>(command: Command, flag: string, fromConfig: T | undefined): T | undefined {
  if (command.getOptionValueSource(flag) === 'cli') return command.getOptionValue(flag) as T
  return fromConfig ?? (command.getOptionValue(flag) as T | undefined)
}
