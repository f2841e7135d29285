// The store options every stage takes: --clickhouse URL, otherwise the
// embedded store in --data DIR. Secrets come from the environment only.
import type { Command } from 'commander'
import type { OpenStoreOptions } from '@tracehound/store'

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
    .option('--clickhouse-user <name>', 'ClickHouse user (default: TRACEHOUND_CLICKHOUSE_USER or "default")')
    .option('--database <name>', 'ClickHouse database (default: TRACEHOUND_CLICKHOUSE_DATABASE or the user\'s default)')
}

export function storeOptionsFrom(flags: StoreFlags, env: NodeJS.ProcessEnv): OpenStoreOptions {
  if (!flags.clickhouse) return { dataDir: flags.data }
  const username = flags.clickhouseUser ?? env['TRACEHOUND_CLICKHOUSE_USER']
  const password = env['TRACEHOUND_CLICKHOUSE_PASSWORD']
  const database = flags.database ?? env['TRACEHOUND_CLICKHOUSE_DATABASE']
  return {
    clickhouse: {
      url: flags.clickhouse,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(database ? { database } : {}),
    },
  }
}
