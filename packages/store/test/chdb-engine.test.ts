// Smoke test of the embedded ClickHouse engine (chdb): a MergeTree table in a
// temporary data directory survives insert → query → reopen.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Session } from 'chdb'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-chdb-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('chdb (embedded ClickHouse)', () => {
  it('creates a MergeTree table on disk, inserts rows and queries them back', async () => {
    const session = new Session(dataDir)
    try {
      await session.queryAsync(`
        CREATE TABLE IF NOT EXISTS smoke_spans (
          Timestamp DateTime64(9),
          ServiceName LowCardinality(String),
          Duration UInt64
        ) ENGINE = MergeTree ORDER BY (ServiceName, Timestamp)`)
      const summary = await session.insert({
        table: 'smoke_spans',
        values: [
          { Timestamp: '2026-11-23 10:00:00.123456789', ServiceName: 'orders', Duration: 1_500_000 },
          { Timestamp: '2026-11-23 10:00:01.000000000', ServiceName: 'orders', Duration: 2_500_000 },
          { Timestamp: '2026-11-23 10:00:02.000000000', ServiceName: 'payments', Duration: 9_000_000 },
        ],
      })
      expect(summary.rowsWritten).toBe(3)

      const result = await session.queryBindAsync(
        'SELECT ServiceName, count() AS spans, sum(Duration) AS total FROM smoke_spans WHERE ServiceName = {svc:String} GROUP BY ServiceName',
        { svc: 'orders' },
        { format: 'JSONEachRow' },
      )
      const rows = result
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { ServiceName: string; spans: number; total: number })
      // This engine (ClickHouse 26) writes 64-bit integers in JSON as numbers
      // unless output_format_json_quote_64bit_integers=1.
      expect(rows).toEqual([{ ServiceName: 'orders', spans: 2, total: 4_000_000 }])

      const engine = (
        await session.queryAsync("SELECT engine FROM system.tables WHERE name = 'smoke_spans'", {
          format: 'JSONEachRow',
        })
      ).json<{ engine: string }>()
      expect(engine.engine).toBe('MergeTree')
    } finally {
      session.close()
    }

    // The data is on disk: a new session on the same directory sees it.
    const reopened = new Session(dataDir)
    try {
      const count = reopened.query('SELECT count() FROM smoke_spans', 'CSV').trim()
      expect(count).toBe('3')
    } finally {
      reopened.close()
    }
  })
})
