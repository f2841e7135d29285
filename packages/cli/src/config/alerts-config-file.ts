// The alerts: section of a tracehound.yaml, read and validated by
// @tracehound/alerts (routes, receivers, secrets from ${ENV} and *_file).
import { readFileSync } from 'node:fs'
import { parseAlertsConfig } from '@tracehound/alerts'

export type LoadedAlertsConfig = ReturnType<typeof parseAlertsConfig>

export function loadAlertsConfigFile(path: string): LoadedAlertsConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(
      `${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'}); pass --config FILE`,
    )
  }
  return parseAlertsConfig(text, path)
}
