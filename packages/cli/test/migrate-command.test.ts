// `tracehound migrate` as a user runs it: a real child process, a real store.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChdbStore } from '@tracehound/store'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
const root = mkdtempSync(join(tmpdir(), 'tracehound-cli-migrate-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tracehound migrate', () => {
  it('creates the schema with progress, and a second run is a no-op that says so', async () => {
    const data = join(root, 'store')
    const first = run('migrate', '--data', data, '--retention-days', '7')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain(`applied version 1, 2, 3`)
    expect(first.stderr).toMatch(/migrate: \[\d+\/\d+\] CREATE TABLE IF NOT EXISTS otel_traces/)
    const second = run('migrate', '--data', data)
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('is up to date (version 3)')

    const store = await ChdbStore.open({ dataDir: data })
    const ttl = await store.query<{ q: string }>("SELECT create_table_query AS q FROM system.tables WHERE name = 'otel_traces' AND database = currentDatabase()")
    // The second run re-applied the default retention (30 days) over the first run's 7.
    expect(ttl[0]?.q).toContain('toIntervalDay(30)')

    // While this process holds the store, the CLI gets a clear error and exit 1.
    const locked = run('migrate', '--data', data)
    expect(locked.status).toBe(1)
    expect(locked.stderr).toContain(`is open in another process (pid ${process.pid})`)
    await store.close()
  })

  it('refuses a bad value naming the flag, and changes nothing', () => {
    const result = run('migrate', '--data', join(root, 'never'), '--retention-days', 'forever')
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('--retention-days expects a whole number ≥ 1, got "forever"')
  })

  it('--print shows the cluster DDL without touching any store', () => {
    const result = run('migrate', '--print', '--cluster', 'analytics')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('CREATE TABLE IF NOT EXISTS otel_traces_local ON CLUSTER analytics')
    expect(result.stdout).toContain('ENGINE = Distributed(analytics, currentDatabase(), otel_traces_local, cityHash64(TraceId))')
  })
})
