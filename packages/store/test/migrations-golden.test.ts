// Migrations cannot drift: every migration's statements are pinned by golden
// files (a change to a released one fails here — put it in a new
// migration); a store whose recorded definition of an applied migration
// differs is refused; and a store created at migration 1, filled, upgrades to
// the latest with its data intact and the new definitions in force.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChdbStore, LEDGER_TABLE, MigrationDriftError, migrate } from '../src/index.ts'
import { MIGRATIONS } from '../src/migrations.ts'
import { generateTraces } from './support/generate-spans.ts'

const golden = (version: number, kind: 'single' | 'cluster'): string =>
  readFileSync(new URL(`./golden/migration-${version}-${kind}.sql`, import.meta.url), 'utf8')
const rendered = (statements: string[]): string => `${statements.join(';\n\n')};\n`
const dirs: string[] = []
const freshStore = async (): Promise<ChdbStore> => {
  const dir = mkdtempSync(join(tmpdir(), 'tracehound-migrations-'))
  dirs.push(dir)
  return ChdbStore.open({ dataDir: dir })
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('migrations', () => {
  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))(
    'migration %i (%s) renders exactly its golden statements',
    (version) => {
      const migration = MIGRATIONS.find((m) => m.version === version)!
      const hint = `migration ${version} changed: released migrations never change — restore it and add the change as a new migration (then add its golden files)`
      expect(rendered(migration.statements({})), hint).toBe(golden(version, 'single'))
      expect(rendered(migration.statements({}, { cluster: 'analytics' })), hint).toBe(golden(version, 'cluster'))
    },
  )

  it('refuses a store whose applied migration was defined differently, and changes nothing', async () => {
    const store = await freshStore()
    try {
      await migrate(store, { upTo: 2 })
      // The store recorded another definition of migration 1 than this code has.
      await store.insert(LEDGER_TABLE, [
        {
          Version: 1,
          Name: 'edited',
          Checksum: 'x',
          DefinitionChecksum: 'not-this-one',
          AppliedAt: '2026-11-26 00:00:00',
        },
      ])
      await expect(migrate(store)).rejects.toThrow(MigrationDriftError)
      await expect(migrate(store)).rejects.toThrow(
        /migration 1 .* a released migration was edited\. Restore it and put the change in a new migration; nothing was changed/,
      )
      const versions = (
        await store.query<{ Version: number }>(`SELECT Version FROM ${LEDGER_TABLE} FINAL ORDER BY Version`)
      ).map((r) => Number(r.Version))
      expect(versions).toEqual([1, 2]) // migration 3 was not applied
    } finally {
      await store.close()
    }
  })

  it('upgrades a store filled at migration 1 to the latest, data intact, new definitions in force', async () => {
    const store = await freshStore()
    try {
      expect((await migrate(store, { upTo: 1 })).applied).toEqual([1])
      const start = 1_795_600_800n * 1_000_000_000n
      const before = generateTraces({ traces: 200, startNanos: start, seed: 3 }).spans
      await store.insert('otel_traces', before, { dedupToken: 'upgrade-before' })
      const count = async (sql: string): Promise<number> => Number((await store.query<{ n: string }>(sql))[0]?.n)
      const spans = await count('SELECT count() AS n FROM otel_traces')
      const rollupRequests = await count('SELECT sum(Requests) AS n FROM user_endpoint_minute')
      expect(rollupRequests).toBeGreaterThan(0)

      expect((await migrate(store)).applied).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 1))
      expect(await count('SELECT count() AS n FROM otel_traces')).toBe(spans)
      expect(await count('SELECT sum(Requests) AS n FROM user_endpoint_minute')).toBe(rollupRequests)
      expect(
        await count(
          "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'alert_silences'",
        ),
      ).toBe(1)

      // Migration 3: spans naming the user on user.id now land on that user.
      const after = generateTraces({ traces: 20, startNanos: start + 3_600_000_000_000n, seed: 4 }).spans.map((s) =>
        s.SpanKind === 'Server' ? { ...s, SpanAttributes: { ...s.SpanAttributes, 'user.id': 'current-user' } } : s,
      )
      await store.insert('otel_traces', after, { dedupToken: 'upgrade-after' })
      expect(await count("SELECT sum(Requests) AS n FROM user_endpoint_minute WHERE UserId = 'current-user'")).toBe(
        after.filter((s) => s.SpanKind === 'Server').length,
      )
      expect((await migrate(store)).applied).toEqual([])
    } finally {
      await store.close()
    }
  })
})
