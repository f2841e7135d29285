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
    expect(first.stdout).toContain(`applied version 1, 2, 3, 4, 5`)
    expect(first.stderr).toMatch(/migrate: \[\d+\/\d+\] CREATE TABLE IF NOT EXISTS otel_traces/)
    const second = run('migrate', '--data', data)
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('is up to date (version 5); retention unchanged')
    // Commands that only make sure the schema exists (detect, replay, up…) keep it too.
    expect(run('detect', '--data', data, '--from', '2026-11-25T10:00:00Z', '--to', '2026-11-25T10:01:00Z').status).toBe(
      0,
    )
    const ttlOf = async (s: ChdbStore, table: string): Promise<string> =>
      (
        await s.query<{ q: string }>(
          'SELECT create_table_query AS q FROM system.tables WHERE name = {t:String} AND database = currentDatabase()',
          { t: table },
        )
      )[0]?.q ?? ''

    let store = await ChdbStore.open({ dataDir: data })
    // The first run's 7 days survive the later runs that did not ask to change them.
    expect(await ttlOf(store, 'otel_traces')).toContain('toIntervalDay(7)')
    expect(await ttlOf(store, 'endpoint_minute')).toContain('toIntervalDay(90)')
    await store.close()
    const third = run('migrate', '--data', data, '--rollup-retention-days', '120')
    expect(third.stdout).toContain('retention applied')
    store = await ChdbStore.open({ dataDir: data })
    expect(await ttlOf(store, 'endpoint_minute')).toContain('toIntervalDay(120)')
    expect(await ttlOf(store, 'otel_traces')).toContain('toIntervalDay(7)') // only the flag given changed

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
    expect(result.stdout).toContain(
      'ENGINE = Distributed(analytics, currentDatabase(), otel_traces_local, cityHash64(TraceId))',
    )
  })
})
