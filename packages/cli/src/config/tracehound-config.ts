// tracehound.yaml: one validated configuration for every stage. Precedence:
// a flag given on the command line, then TRACEHOUND_* environment variables,
// then the file, then the built-in defaults. Errors name the key (and the
// variable it came from), the value and what was expected. Secrets (the
// ClickHouse password, tokens) come from the environment, never the file.
import { existsSync, readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { describeConfigIssues, maskSecrets } from '@tracehound/alerts'

const broker = z.string().regex(/^[^\s:,]+:\d+$/, { message: 'expected host:port' })

const schema = z
  .object({
    store: z
      .object({
        data: z.string().min(1).optional(),
        clickhouse: z
          .object({
            url: z.url({ protocol: /^https?$/, message: 'expected an http(s):// URL, e.g. https://clickhouse:8443' }),
            user: z.string().min(1).optional(),
            database: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    kafka: z
      .object({
        brokers: z.array(broker).min(1).optional(),
        spans_topic: z.string().min(1).optional(),
        logs_topic: z.string().min(1).optional(),
        group: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    gateway: z
      .object({
        host: z.string().min(1).optional(),
        port: z.number().int().min(0).max(65535).optional(),
        /** OTLP/gRPC port. */
        grpc_port: z.number().int().min(0).max(65535).optional(),
        /** Largest Kafka message the gateway produces (under the topics' max.message.bytes). */
        max_message_bytes: z.number().int().min(1024).optional(),
        /** A directory: requests acknowledged once spooled there, produced to Kafka in the background. */
        spool_dir: z.string().min(1).optional(),
        /** Spooled bytes not yet in Kafka before requests get 503 + Retry-After. */
        spool_max_bytes: z.number().int().min(1024).optional(),
      })
      .strict()
      .optional(),
    detect: z
      .object({
        sensitivity: z.number().int().positive().optional(),
        lateness_seconds: z.number().int().positive().optional(),
        /** A YAML/JSON file listing the allowed service edges. */
        edge_policy: z.string().min(1).optional(),
        /** A folder of OpenAPI files, one per service. */
        inventory: z.string().min(1).optional(),
        /** How findings are grouped into incidents. */
        incidents: z
          .object({
            /** Findings further apart than this never share an incident. */
            gap_seconds: z
              .number()
              .int()
              .min(0)
              .max(7 * 86400)
              .optional(),
            /** Which links group findings: principal, traces, source, endpoint, hops. */
            links: z.array(z.enum(['principal', 'traces', 'source', 'endpoint', 'hops'])).optional(),
          })
          .strict()
          .optional(),
        /** Span attribute keys read as the principal (user.id) and client address, for services that use their own; applied where spans are decoded (up, ingest, replay). */
        principals: z
          .object({
            user: z.array(z.string().min(1, { message: 'expected a span attribute key, e.g. customer_id' })).optional(),
            address: z
              .array(
                z.string().min(1, { message: 'expected a span attribute key, e.g. http.request.header.x-real-ip' }),
              )
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    // Validated by @tracehound/alerts when the alerts stage starts.
    alerts: z.unknown().optional(),
  })
  .strict()

export type TracehoundConfig = z.infer<typeof schema>

/** TRACEHOUND_* variables and the keys they set. */
export const ENV_KEYS: readonly { env: string; path: readonly string[]; kind: 'string' | 'number' | 'list' }[] = [
  { env: 'TRACEHOUND_DATA', path: ['store', 'data'], kind: 'string' },
  { env: 'TRACEHOUND_CLICKHOUSE_URL', path: ['store', 'clickhouse', 'url'], kind: 'string' },
  { env: 'TRACEHOUND_CLICKHOUSE_USER', path: ['store', 'clickhouse', 'user'], kind: 'string' },
  { env: 'TRACEHOUND_CLICKHOUSE_DATABASE', path: ['store', 'clickhouse', 'database'], kind: 'string' },
  { env: 'TRACEHOUND_KAFKA_BROKERS', path: ['kafka', 'brokers'], kind: 'list' },
  { env: 'TRACEHOUND_GATEWAY_PORT', path: ['gateway', 'port'], kind: 'number' },
  { env: 'TRACEHOUND_DETECT_SENSITIVITY', path: ['detect', 'sensitivity'], kind: 'number' },
]

export class ConfigFileError extends Error {
  override name = 'ConfigFileError'
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {}
    node = node[key] as Record<string, unknown>
  }
  node[path[path.length - 1]!] = value
}

/**
 * Loads `path` (else $TRACEHOUND_CONFIG, else ./tracehound.yaml when it exists),
 * applies TRACEHOUND_* overrides, validates. An explicit path that does not
 * exist is an error; no file at all is an empty configuration.
 */
export interface LoadedConfig {
  config: TracehoundConfig
  /** The file read, or 'defaults'. */
  source: string
  /** The parsed file with the TRACEHOUND_* overrides (sections other stages validate, e.g. alerts:). */
  document: Record<string, unknown>
  secrets: EnvironmentSecrets
}

export function loadTracehoundConfig(
  path: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): LoadedConfig {
  const given = path ?? (env['TRACEHOUND_CONFIG'] || undefined)
  const file = given ?? (existsSync(`${cwd}/tracehound.yaml`) ? `${cwd}/tracehound.yaml` : undefined)
  let document: Record<string, unknown> = {}
  if (file) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      throw new ConfigFileError(
        `${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'}); check --config`,
      )
    }
    try {
      document = (parseYaml(text) as Record<string, unknown> | null) ?? {}
    } catch (err) {
      throw new ConfigFileError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`)
    }
    if (typeof document !== 'object' || Array.isArray(document))
      throw new ConfigFileError(`${file}: expected a mapping of sections (store, kafka, gateway, detect, alerts)`)
  }
  const fromEnv = new Map<string, string>()
  for (const { env: name, path: keyPath, kind } of ENV_KEYS) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    if (kind === 'number' && !/^\d+$/.test(raw.trim())) {
      throw new ConfigFileError(
        `environment variable ${name} = ${JSON.stringify(maskSecrets(raw).slice(0, 100))}: expected a whole number (it sets ${keyPath.join('.')})`,
      )
    }
    const value =
      kind === 'number'
        ? Number(raw)
        : kind === 'list'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw
    setPath(document, keyPath, value)
    fromEnv.set(keyPath.join('.'), name)
  }
  const parsed = schema.safeParse(document)
  if (!parsed.success) {
    const origin = (key: string): string | undefined => [...fromEnv].find(([k]) => key.startsWith(k))?.[1]
    throw new ConfigFileError(
      describeConfigIssues(file ?? 'configuration', parsed.error.issues, document, { originOf: origin }),
    )
  }
  return { config: parsed.data, source: file ?? 'defaults', document, secrets: secretsFrom(env) }
}

/** Secrets: only ever from the environment, read here once for every command. */
export interface EnvironmentSecrets {
  /** Guards the OTLP receiver (/v1/*) and up's /api/*. */
  gatewayToken?: string
  /** The ClickHouse server user's password. */
  clickhousePassword?: string
  /** The password of up's read-only ClickHouse HTTP interface (for Grafana). */
  clickhouseHttpPassword?: string
  /** A Grafana service-account token for `dashboards --publish`. */
  grafanaToken?: string
  /** Guards the separate console stage's /api/* (`tracehound console`). */
  consoleToken?: string
}

function secretsFrom(env: NodeJS.ProcessEnv): EnvironmentSecrets {
  const pick = (name: string): string | undefined => (env[name] ? env[name] : undefined)
  const entries = {
    gatewayToken: pick('TRACEHOUND_GATEWAY_TOKEN'),
    clickhousePassword: pick('TRACEHOUND_CLICKHOUSE_PASSWORD'),
    clickhouseHttpPassword: pick('TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD'),
    grafanaToken: pick('GRAFANA_TOKEN'),
    consoleToken: pick('TRACEHOUND_CONSOLE_TOKEN'),
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as EnvironmentSecrets
}
