// The `alerts:` section of tracehound.yaml, in Alertmanager's vocabulary where
// it fits: a route tree and a list of receivers. Validated once at start; an
// error names the key, the value and what was expected. Secrets come from
// `${ENV}` references or `*_file` paths, never from the file itself in clear.
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { describeConfigIssues } from './config-issues.ts'
import { parseDuration } from './duration.ts'
import { kindOf, receiverSchema, type ReceiverConfig } from './receivers/receiver-kinds.ts'

const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, { message: 'expected a duration like 30s, 5m, 4h' })
const matcher = z.string().regex(/^\s*(kind|severity|service|environment)\s*(=|!=|=~|!~)\s*.+$/, {
  message:
    'expected `label=value`, `label!=value`, `label=~regex` or `label!~regex` with label kind, severity, service or environment',
})

export interface RouteConfig {
  receiver?: string | undefined
  matchers?: string[] | undefined
  group_by?: string[] | undefined
  group_wait?: string | undefined
  group_interval?: string | undefined
  repeat_interval?: string | undefined
  continue?: boolean | undefined
  routes?: RouteConfig[] | undefined
}

const route: z.ZodType<RouteConfig> = z.lazy(() =>
  z
    .object({
      receiver: z.string().optional(),
      matchers: z.array(matcher).optional(),
      group_by: z.array(z.enum(['incident', 'kind', 'severity', 'service', 'environment', 'fingerprint'])).optional(),
      group_wait: duration.optional(),
      group_interval: duration.optional(),
      repeat_interval: duration.optional(),
      continue: z.boolean().optional(),
      routes: z.array(route).optional(),
    })
    .strict(),
)

const inhibitRule = z
  .object({
    source_matchers: z.array(matcher).min(1),
    target_matchers: z.array(matcher).min(1),
    equal: z.array(z.enum(['kind', 'severity', 'service', 'environment'])).optional(),
  })
  .strict()

const alertsSchema = z
  .object({
    route,
    receivers: z.array(receiverSchema).min(1),
    environment: z.string().optional(),
    inhibit_rules: z.array(inhibitRule).optional(),
  })
  .strict()

export type { ReceiverConfig }
export type AlertsConfig = z.infer<typeof alertsSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** `${NAME}` → process env value; a missing variable is an error naming it. */
function expandEnv(value: string, where: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const found = env[name]
    if (found === undefined || found === '')
      throw new ConfigError(`${where}: environment variable ${name} is not set; export it or use the *_file form`)
    return found
  })
}

/** Resolves `${ENV}` and `*_file` secrets of a receiver; the values never appear in errors or logs. */
export function resolveReceiverSecrets(r: ReceiverConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const where = `alerts.receivers[${r.name}]`
  const pick = (key: string): string | undefined => {
    const direct = (r as Record<string, unknown>)[key]
    const file = (r as Record<string, unknown>)[`${key}_file`]
    if (typeof direct === 'string') return expandEnv(direct, `${where}.${key}`, env)
    if (typeof file === 'string') {
      try {
        return readFileSync(expandEnv(file, `${where}.${key}_file`, env), 'utf8').trim()
      } catch (err) {
        if (err instanceof ConfigError) throw err
        throw new ConfigError(
          `${where}.${key}_file: cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        )
      }
    }
    return undefined
  }
  try {
    return kindOf(r).secrets(r, pick, where)
  } catch (err) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError((err as Error).message)
  }
}

export function parseAlertsConfig(
  text: string,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
): { config: AlertsConfig; secrets: Map<string, Record<string, string>> } {
  let document: unknown
  try {
    document = parseYaml(text)
  } catch (err) {
    throw new ConfigError(`${source}: not valid YAML: ${(err as Error).message}`)
  }
  return alertsConfigFromDocument(document, source, env)
}

/** The alerts section of an already parsed tracehound.yaml (the CLI reads the file once for every section). */
export function alertsConfigFromDocument(
  document: unknown,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
): { config: AlertsConfig; secrets: Map<string, Record<string, string>> } {
  const section = (document as { alerts?: unknown } | null)?.alerts
  if (section === undefined) throw new ConfigError(`${source}: no \`alerts:\` section; see the README for an example`)
  const parsed = alertsSchema.safeParse(section)
  if (!parsed.success)
    throw new ConfigError(describeConfigIssues(source, parsed.error.issues, section, { prefix: ['alerts'] }))
  const config = parsed.data
  const names = new Set(config.receivers.map((r) => r.name))
  const check = (r: RouteConfig, path: string): void => {
    if (r.receiver !== undefined && !names.has(r.receiver))
      throw new ConfigError(
        `${source}: ${path}.receiver = ${JSON.stringify(r.receiver)}: no receiver with that name (have: ${[...names].join(', ')})`,
      )
    for (const [i, child] of (r.routes ?? []).entries()) check(child, `${path}.routes[${i}]`)
  }
  if (!config.route.receiver)
    throw new ConfigError(`${source}: alerts.route.receiver: the top-level route needs a default receiver`)
  check(config.route, 'alerts.route')
  const secrets = new Map(config.receivers.map((r) => [r.name, resolveReceiverSecrets(r, env)]))
  return { config, secrets }
}
