// The cluster variant cannot run here (no cluster, no Keeper); it is checked as
// SQL: every statement parses on the real engine (formatQuery), and its shape
// is what a cluster needs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChdbStore, renderClusterDdl, renderSingleNodeDdl } from '../src/index.ts'
import { renderRetentionDdl } from '../src/schema/render-ddl.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-cluster-ddl-'))
let store: ChdbStore
beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
})
afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const parses = async (sql: string): Promise<string> => {
  const rows = await store.query<{ f: string }>('SELECT formatQuery({sql:String}) AS f', {
    sql: sql.replace(/^--.*\n/gm, ''),
  })
  return rows[0]?.f ?? ''
}

describe('cluster DDL', () => {
  const ddl = renderClusterDdl({ cluster: 'tracehound' }, { retentionDays: 14 })

  it('every statement parses on the real engine', async () => {
    for (const sql of [...ddl, ...renderRetentionDdl({}, { cluster: 'tracehound' })]) {
      expect(await parses(sql)).toMatch(/ON CLUSTER tracehound/)
    }
  })

  it('stores in Replicated*MergeTree _local tables behind Distributed tables, spans sharded by trace', () => {
    const single = renderSingleNodeDdl()
    const tables = single.filter((s) => /CREATE TABLE/.test(s)).length
    expect(
      ddl.filter((s) =>
        /ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\w+_local', '\{replica\}'/.test(
          s,
        ),
      ),
    ).toHaveLength(tables)
    expect(ddl.filter((s) => /ENGINE = Distributed\(tracehound, currentDatabase\(\), \w+_local/.test(s))).toHaveLength(
      tables,
    )
    expect(ddl.join('\n')).toContain(
      'CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER tracehound AS otel_traces_local\nENGINE = Distributed(tracehound, currentDatabase(), otel_traces_local, cityHash64(TraceId))',
    )
    expect(ddl.join('\n')).toContain(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/findings_local', '{replica}', Version)",
    )
    expect(ddl.join('\n')).toContain('toIntervalDay(14)')
  })

  it('views read and write the shard-local tables', () => {
    const views = ddl.filter((s) => /MATERIALIZED VIEW/.test(s))
    expect(views).toHaveLength(single().filter((s) => /MATERIALIZED VIEW/.test(s)).length)
    for (const view of views) {
      expect(view).toMatch(/ TO \w+_local\n/)
      expect(view).toMatch(/FROM otel_traces_local\b/)
      expect(view).not.toMatch(/FROM otel_traces\b(?!_)/)
    }
    expect(views.find((v) => v.includes('service_edges_paired_mv'))).toMatch(/FROM span_links_local/)
  })

  it('rejects a cluster name that is not an identifier', () => {
    expect(() => renderClusterDdl({ cluster: "x' ; DROP" })).toThrow(/cluster name/)
  })
})

function single(): string[] {
  return renderSingleNodeDdl()
}
