// `npm run bench` (store): rows/s inserting realistic span rows into
// otel_traces — rollup views included, as in production — through each backend
// and insert path, against the limit: the engine inserting the same rows from
// a local JSONEachRow file (no JavaScript on the data path).
//
//   BENCH_ROWS=1000000 (default) rows per scenario, in batches of BENCH_BATCH=50000.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { Session } from 'chdb'
import {
  ChdbStore,
  encodeJsonEachRow,
  migrate,
  quoteString,
  ServerStore,
  TABLES_FOR_BENCH,
  type Store,
} from './bench-support.ts'
import { startClickHouseHttpOnChdb } from '../test/support/clickhouse-http-on-chdb.ts'
import { generateTraces, type SpanRow } from '../test/support/generate-spans.ts'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const BATCH = Number(process.env['BENCH_BATCH'] ?? 50_000)
const START = 1_795_000_000_000_000_000n

/** The n-th batch of spans: whole traces (4 spans each), distinct per batch. */
function batch(n: number): SpanRow[] {
  return generateTraces({
    traces: BATCH / 4,
    startNanos: START + BigInt(n) * 60_000_000_000n,
    spanNanos: 60_000_000_000n,
    seed: 1000 + n,
  }).spans
}

const batches = Math.ceil(ROWS / BATCH)

async function timeBatches(insert: (rows: SpanRow[], n: number) => Promise<unknown>): Promise<number> {
  let elapsed = 0
  for (let n = 0; n < batches; n++) {
    const rows = batch(n) // generation is not part of the measurement
    const t0 = process.hrtime.bigint()
    await insert(rows, n)
    elapsed += Number(process.hrtime.bigint() - t0) / 1e9
    process.stderr.write(`\r  ${(((n + 1) / batches) * 100).toFixed(0)}%`)
  }
  process.stderr.write('\r')
  return elapsed
}

async function countSpans(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<number> {
  return Number((await query('SELECT count() AS n FROM otel_traces'))[0]?.['n'])
}

interface Result {
  path: string
  seconds: number
  rowsPerSecond: number
}

const results: Result[] = []
const record = (path: string, seconds: number, stored: number): void => {
  if (stored !== batches * BATCH) throw new Error(`${path}: stored ${stored} rows, expected ${batches * BATCH}`)
  results.push({ path, seconds, rowsPerSecond: stored / seconds })
  console.log(
    `${path.padEnd(58)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(stored / seconds)
      .toLocaleString('en-US')
      .padStart(9)} rows/s`,
  )
}

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-bench-store-'))
console.log(`store insert benchmark: ${batches * BATCH} span rows per path, batches of ${BATCH}, rollup views on`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
)

// The HTTP endpoint and the direct session share the one engine this process may open.
const http = await startClickHouseHttpOnChdb({ dataDir, user: 'bench', password: 'bench' })
const server: Store = new ServerStore({ url: http.url, username: 'bench', password: 'bench', compressInserts: false })
await migrate(server)

// 1. The limit: the engine reads the rows from a local file.
const file = join(dataDir, 'spans.jsonl')
const out = createWriteStream(file)
for (let n = 0; n < batches; n++) out.write(encodeJsonEachRow(batch(n)))
out.end()
await finished(out)
{
  const t0 = process.hrtime.bigint()
  await server.command(`INSERT INTO otel_traces FROM INFILE ${quoteString(file)} FORMAT JSONEachRow`)
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  record(
    `limit: engine reads a JSONEachRow file (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)`,
    seconds,
    await countSpans((q) => server.query(q)),
  )
}
rmSync(file)

// 2. Server backend: @clickhouse/client over HTTP (endpoint runs on the same engine).
for (const table of TABLES_FOR_BENCH) await server.command(`TRUNCATE TABLE ${table}`)
record(
  'server backend: Store.insert, JSONEachRow over HTTP',
  await timeBatches((rows, n) => server.insert('otel_traces', rows, { dedupToken: `bench-http-${n}` })),
  await countSpans((q) => server.query(q)),
)
await server.close()
await http.close()

// 3. Embedded backend: the Store as `tracehound up` uses it, both insert paths.
for (const via of ['file', 'buffer'] as const) {
  const store = await ChdbStore.open({ dataDir, insertVia: via })
  for (const table of TABLES_FOR_BENCH) await store.command(`TRUNCATE TABLE ${table}`)
  record(
    `embedded backend: Store.insert, JSONEachRow via ${via === 'file' ? 'spool file + INFILE' : 'raw Buffer insert'}`,
    await timeBatches((rows, n) => store.insert('otel_traces', rows, { dedupToken: `bench-${via}-${n}` })),
    await countSpans((q) => store.query(q)),
  )
  await store.close()
}

// 4. chdb's own path for JS objects, for comparison.
const session = new Session(dataDir)
const direct = async (sql: string) =>
  JSON.parse(
    `[${(await session.queryAsync(sql, { format: 'JSONEachRow' })).text().trim().split('\n').join(',')}]`,
  ) as Record<string, unknown>[]
for (const table of TABLES_FOR_BENCH) await session.queryAsync(`TRUNCATE TABLE ${table}`)
record(
  "chdb's own JS-object insert (session.insert values[])",
  await timeBatches((rows) =>
    session.insert({ table: 'otel_traces', values: rows as unknown as Record<string, unknown>[] }),
  ),
  await countSpans(direct),
)
session.close()
rmSync(dataDir, { recursive: true, force: true })

const limit = results[0]?.rowsPerSecond ?? 1
console.log('\nratio to the limit (engine reading the file):')
for (const r of results.slice(1)) console.log(`  ${r.path.padEnd(64)} ${(r.rowsPerSecond / limit).toFixed(2)}×`)
