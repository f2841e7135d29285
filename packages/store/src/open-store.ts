// Chooses the backend the way every command does: a ClickHouse URL means the
// server backend, otherwise the embedded store in a data directory.
import { ChdbStore } from './chdb-store.ts'
import { ServerStore, type ServerStoreOptions } from './server-store.ts'
import type { Store } from './store.ts'

export type OpenStoreOptions = { clickhouse: ServerStoreOptions } | { dataDir?: string }

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if ('clickhouse' in options) {
    let url: URL
    try {
      url = new URL(options.clickhouse.url)
    } catch {
      throw new TypeError(
        `clickhouse url ${JSON.stringify(options.clickhouse.url)}: expected http(s)://host:port, e.g. http://localhost:8123`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(
        `clickhouse url ${JSON.stringify(options.clickhouse.url)}: expected an http:// or https:// URL (ClickHouse's HTTP interface, port 8123 or 8443)`,
      )
    }
    const store = new ServerStore(options.clickhouse)
    return store
  }
  return ChdbStore.open(options.dataDir !== undefined ? { dataDir: options.dataDir } : {})
}
