// The store options every stage takes: --clickhouse URL, otherwise the
// embedded store in --data DIR. Secrets come from the environment only.
import type { Command } from 'commander'
import type { OpenStoreOptions } from '@tracehound/store'
import { effective } from '../config/effective-option.ts'
import {
  loadTracehoundConfig,
  type EnvironmentSecrets,
  type LoadedConfig,
  type TracehoundConfig,
} from '../config/tracehound-config.ts'

export interface StoreFlags {
  data: string
  clickhouse?: string
  clickhouseUser?: string
  database?: string
}

export function addStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded store directory (used when --clickhouse is not given)', './.tracehound')
    .option(
      '--clickhouse <url>',
      'ClickHouse server HTTP(S) URL, e.g. https://clickhouse:8443; password from TRACEHOUND_CLICKHOUSE_PASSWORD',
    )
    .option(
      '--clickhouse-user <name>',
      'ClickHouse user (default: store.clickhouse.user, TRACEHOUND_CLICKHOUSE_USER, or "default")',
    )
    .option(
      '--database <name>',
      "ClickHouse database (default: store.clickhouse.database, TRACEHOUND_CLICKHOUSE_DATABASE, or the user's default)",
    )
}

const loaded = new Map<string, LoadedConfig>()

/**
 * The one configuration pass: tracehound.yaml (global --config, else
 * $TRACEHOUND_CONFIG, else ./tracehound.yaml) with TRACEHOUND_* overrides and
 * the secrets from the environment, read once per process and validated as a
 * whole. Flags are applied over it by each command (`effective`).
 */
export function loadedConfigFor(command: Command): LoadedConfig {
  const path = (command.optsWithGlobals() as { config?: string }).config
  const key = path ?? ''
  let found = loaded.get(key)
  if (!found) {
    found = loadTracehoundConfig(path, process.env)
    loaded.set(key, found)
  }
  return found
}

export function configFor(command: Command): TracehoundConfig {
  return loadedConfigFor(command).config
}

/** Store options with the usual precedence: typed flag, then TRACEHOUND_* / tracehound.yaml, then defaults. */
export function storeOptionsFor(command: Command): OpenStoreOptions {
  const { config, secrets } = loadedConfigFor(command)
  const store = config.store
  return storeOptionsFrom(
    {
      data: effective(command, 'data', store?.data) ?? './.tracehound',
      ...optional('clickhouse', effective<string>(command, 'clickhouse', store?.clickhouse?.url)),
      ...optional('clickhouseUser', effective<string>(command, 'clickhouseUser', store?.clickhouse?.user)),
      ...optional('database', effective<string>(command, 'database', store?.clickhouse?.database)),
    },
    secrets,
  )
}

const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  value === undefined ? {} : ({ [key]: value } as { [P in K]?: string })

export function storeOptionsFrom(flags: StoreFlags, secrets: EnvironmentSecrets): OpenStoreOptions {
  if (!flags.clickhouse) return { dataDir: flags.data }
  const username = flags.clickhouseUser
  const password = secrets.clickhousePassword
  const database = flags.database
  return {
    clickhouse: {
      url: flags.clickhouse,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(database ? { database } : {}),
    },
  }
}
