// The store options every stage takes: --clickhouse URL, otherwise the
// embedded store in --data DIR. Secrets come from the environment only.
import type { Command } from 'commander'
import type { OpenStoreOptions } from '@tracehound/store'
import { effective } from '../config/effective-option.ts'
import { loadTracehoundConfig, type TracehoundConfig } from '../config/tracehound-config.ts'

export interface StoreFlags {
  data: string
  clickhouse?: string
  clickhouseUser?: string
  database?: string
}

export function addStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded store directory (used when --clickhouse is not given)', './.tracehound')
    .option('--clickhouse <url>', 'ClickHouse server HTTP(S) URL, e.g. https://clickhouse:8443; password from TRACEHOUND_CLICKHOUSE_PASSWORD')
    .option('--clickhouse-user <name>', 'ClickHouse user (default: store.clickhouse.user, TRACEHOUND_CLICKHOUSE_USER, or "default")')
    .option('--database <name>', 'ClickHouse database (default: store.clickhouse.database, TRACEHOUND_CLICKHOUSE_DATABASE, or the user\'s default)')
}

/** tracehound.yaml (global --config) with TRACEHOUND_* overrides, for the command being run. */
export function configFor(command: Command): TracehoundConfig {
  const path = (command.optsWithGlobals() as { config?: string }).config
  return loadTracehoundConfig(path, process.env).config
}

/** Store options with the usual precedence: typed flag, then TRACEHOUND_* / tracehound.yaml, then defaults. */
export function storeOptionsFor(command: Command): OpenStoreOptions {
  const store = configFor(command).store
  return storeOptionsFrom(
    {
      data: effective(command, 'data', store?.data) ?? './.tracehound',
      ...optional('clickhouse', effective<string>(command, 'clickhouse', store?.clickhouse?.url)),
      ...optional('clickhouseUser', effective<string>(command, 'clickhouseUser', store?.clickhouse?.user)),
      ...optional('database', effective<string>(command, 'database', store?.clickhouse?.database)),
    },
    process.env,
  )
}

const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: string }))

export function storeOptionsFrom(flags: StoreFlags, env: NodeJS.ProcessEnv): OpenStoreOptions {
  if (!flags.clickhouse) return { dataDir: flags.data }
  const username = flags.clickhouseUser
  const password = env['TRACEHOUND_CLICKHOUSE_PASSWORD']
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
