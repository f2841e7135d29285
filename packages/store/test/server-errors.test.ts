// Failures on the server path surface as errors the caller can act on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InsertError, migrate, openStore, ServerStore } from '../src/index.ts'
import { startClickHouseHttpOnChdb, type ClickHouseHttpOnChdb } from './support/clickhouse-http-on-chdb.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-server-errors-'))
let server: ClickHouseHttpOnChdb
beforeAll(async () => {
  server = await startClickHouseHttpOnChdb({ dataDir, user: 'tracehound', password: 'right' })
})
afterAll(async () => {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('server backend errors', () => {
  it('wrong credentials: the query fails with ClickHouse authentication error', async () => {
    const store = new ServerStore({ url: server.url, username: 'tracehound', password: 'wrong' })
    await expect(store.query('SELECT 1')).rejects.toThrow(/Authentication failed/)
    await store.close()
  })

  it('an overloaded server fails the insert (the batch writer retries with the same token)', async () => {
    const store = new ServerStore({ url: server.url, username: 'tracehound', password: 'right' })
    await migrate(store)
    // A finding inside the retention window (an old WindowStart would be dropped by the TTL).
    const finding = { Id: 'f1', Kind: 'new_edge', WindowStart: new Date().toISOString().slice(0, 19).replace('T', ' ') }
    server.failNext(1)
    const error = await store.insert('findings', [finding], { dedupToken: 'f1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsertError)
    expect((error as Error).message).toMatch(/TOO_MANY_SIMULTANEOUS_QUERIES/)
    expect((error as InsertError).retriable).toBe(true)
    await store.insert('findings', [finding], { dedupToken: 'f1' })
    await store.insert('findings', [finding], { dedupToken: 'f1' })
    expect(await store.query('SELECT Id, Kind FROM findings')).toEqual([{ Id: 'f1', Kind: 'new_edge' }])
    await store.close()
  })

  it('a URL that is not http(s) is refused before connecting', async () => {
    await expect(openStore({ clickhouse: { url: 'tcp://localhost:9000' } })).rejects.toThrow(/http:\/\/ or https:\/\//)
    await expect(openStore({ clickhouse: { url: 'not a url' } })).rejects.toThrow(/expected http\(s\):\/\/host:port/)
  })
})
