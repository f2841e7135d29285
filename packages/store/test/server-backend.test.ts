import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ServerStore } from '../src/index.ts'
import { startClickHouseHttpOnChdb, type ClickHouseHttpOnChdb } from './support/clickhouse-http-on-chdb.ts'
import { describeStoreContract } from './support/store-contract.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-store-http-'))
let server: ClickHouseHttpOnChdb
describeStoreContract(
  'server (HTTP, @clickhouse/client)',
  async () => {
    server = await startClickHouseHttpOnChdb({ dataDir, user: 'tracehound', password: 's3cret' })
    return new ServerStore({ url: server.url, username: 'tracehound', password: 's3cret' })
  },
  async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
)
