// The detector settings `detect` and `up` share: --sensitivity and
// --edge-policy (a YAML or JSON list of allowed edges), each also settable in
// tracehound.yaml's detect: section.
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { parse as parseYaml } from 'yaml'
import { parseEdgePolicy, type DetectorConfig } from '@tracehound/detector'
import { effective } from '../config/effective-option.ts'
import { positiveInteger } from './parse-values.ts'
import { configFor } from './store-options.ts'

export function addDetectorOptions(command: Command): Command {
  return command
    .option('--sensitivity <k>', 'robust z-score threshold (higher = fewer findings)', positiveInteger('--sensitivity'))
    .option('--edge-policy <file>', 'zero-trust allow-list of service edges (YAML/JSON list: "orders -> payments", "orders -> payments POST /charge"); calls outside it are policy_violation findings')
}

/** Reads and validates an edges policy file; errors name the file and the bad entry. */
export function loadEdgePolicy(file: string): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`--edge-policy ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  let document: unknown
  try {
    document = parseYaml(text)
  } catch (err) {
    throw new Error(`--edge-policy ${file}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`)
  }
  return parseEdgePolicy(document, file)
}

export function detectorSettingsFor(command: Command): Partial<DetectorConfig> {
  const settings = configFor(command).detect
  const sensitivity = effective<number>(command, 'sensitivity', settings?.sensitivity)
  const policyFile = effective<string>(command, 'edgePolicy', settings?.edge_policy)
  return {
    ...(sensitivity ? { sensitivity } : {}),
    ...(policyFile ? { edgePolicy: loadEdgePolicy(policyFile) } : {}),
  }
}
