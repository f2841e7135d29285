// The server backend against ClickHouse's HTTP interface. By default the
// endpoint is the chdb-backed stand-in (no ClickHouse server can be installed
// here); set TRACEHOUND_TEST_CLICKHOUSE_URL (and _USER, _PASSWORD, _DATABASE) to run the
// same contract against a real ClickHouse 24+ server, in an empty database.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ServerStore } from '../src/index.ts'
import { startClickHouseHttpOnChdb, type ClickHouseHttpOnChdb } from './support/clickhouse-http-on-chdb.ts'
import { describeStoreContract } from './support/store-contract.ts'

const realServer = process.env['TRACEHOUND_TEST_CLICKHOUSE_URL']
const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-store-http-'))
let standIn: ClickHouseHttpOnChdb | undefined

describeStoreContract(
  realServer
    ? `server (HTTP, real server at ${realServer})`
    : 'server (HTTP, @clickhouse/client → ClickHouse HTTP stand-in on chdb)',
  async () => {
    if (realServer) {
      return new ServerStore({
        url: realServer,
        username: process.env['TRACEHOUND_TEST_CLICKHOUSE_USER'] ?? 'default',
        password: process.env['TRACEHOUND_TEST_CLICKHOUSE_PASSWORD'] ?? '',
        database: process.env['TRACEHOUND_TEST_CLICKHOUSE_DATABASE'] ?? 'tracehound_test',
      })
    }
    standIn = await startClickHouseHttpOnChdb({ dataDir, user: 'tracehound', password: 's3cret' })
    return new ServerStore({ url: standIn.url, username: 'tracehound', password: 's3cret' })
  },
  async () => {
    await standIn?.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
)
