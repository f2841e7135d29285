// The detector settings `detect` and `up` share: --sensitivity,
// --edge-policy (a YAML or JSON list of allowed edges) and --inventory (a
// folder of OpenAPI files, one per service), each also settable in
// tracehound.yaml's detect: section.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { Command } from 'commander'
import { parse as parseYaml } from 'yaml'
import { parseEdgePolicy, parseOpenApi, type ApiInventory, type DetectorConfig } from '@tracehound/detector'
import { effective } from '../config/effective-option.ts'
import { positiveInteger } from './parse-values.ts'
import type { TracehoundConfig } from '../config/tracehound-config.ts'
import { configFor } from './store-options.ts'

export function addDetectorOptions(command: Command): Command {
  return command
    .option('--sensitivity <k>', 'robust z-score threshold (higher = fewer findings)', positiveInteger('--sensitivity'))
    .option(
      '--inventory <dir>',
      'declared API inventory: OpenAPI/Swagger files named after their service (orders.yaml, users.json); routes they do not declare are shadow_endpoint findings',
    )
    .option(
      '--edge-policy <file>',
      'zero-trust allow-list of service edges (YAML/JSON list: "orders -> payments", "orders -> payments POST /charge"); calls outside it are policy_violation findings',
    )
}

/** A YAML or JSON file's document; errors name the flag and the file. */
function readDocument(flag: string, file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(
      `${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    )
  }
  try {
    return parseYaml(text)
  } catch (err) {
    throw new Error(`${flag} ${file}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`)
  }
}

/** Reads and validates an edges policy file; errors name the file and the bad entry. */
export function loadEdgePolicy(file: string): string[] {
  return parseEdgePolicy(readDocument('--edge-policy', file), file)
}

const INVENTORY_FILES = new Set(['.yaml', '.yml', '.json'])

/** Every OpenAPI file in the folder, keyed by service (the file name without extension). */
export function loadInventory(dir: string): ApiInventory {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => INVENTORY_FILES.has(extname(n)))
      .sort()
  } catch (err) {
    throw new Error(
      `--inventory ${dir}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    )
  }
  if (names.length === 0)
    throw new Error(
      `--inventory ${dir}: no .yaml, .yml or .json files; put one OpenAPI file per service there, named after it (orders.yaml)`,
    )
  const inventory = new Map<string, Set<string>>()
  for (const name of names) {
    const file = join(dir, name)
    const service = basename(name, extname(name))
    if (inventory.has(service)) throw new Error(`--inventory ${dir}: two files for service "${service}"; keep one`)
    inventory.set(service, parseOpenApi(readDocument('--inventory', file), file))
  }
  return inventory
}

/** `config`: the tracehound.yaml the command already loaded, so it is not read twice. */
export function detectorSettingsFor(
  command: Command,
  config: TracehoundConfig = configFor(command),
): Partial<DetectorConfig> {
  const settings = config.detect
  const sensitivity = effective<number>(command, 'sensitivity', settings?.sensitivity)
  const policyFile = effective<string>(command, 'edgePolicy', settings?.edge_policy)
  const inventoryDir = effective<string>(command, 'inventory', settings?.inventory)
  const incidents = settings?.incidents
  return {
    ...(incidents?.gap_seconds !== undefined ? { incidentGapSeconds: incidents.gap_seconds } : {}),
    ...(incidents?.links ? { incidentLinks: incidents.links } : {}),
    ...(sensitivity ? { sensitivity } : {}),
    ...(policyFile ? { edgePolicy: loadEdgePolicy(policyFile) } : {}),
    ...(inventoryDir ? { inventory: loadInventory(inventoryDir) } : {}),
  }
}
