// The embedded store's ClickHouse HTTP interface, with @clickhouse/client as
// the peer: reads work (JSON, bound parameters, gzip, Native for Grafana's
// client), authentication is enforced, and nothing a client sends can change
// or read outside the store — while the store keeps writing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChdbStore, migrate, startClickHouseHttpInterface, type ClickHouseHttpInterface } from '../src/index.ts'
import { generateTraces } from './support/generate-spans.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-ch-http-'))
let store: ChdbStore
let api: ClickHouseHttpInterface
let client: ClickHouseClient
const START = 1_795_600_800n * 1_000_000_000n

const count = async (c: ClickHouseClient = client): Promise<number> => {
  const rows = await (await c.query({ query: 'SELECT count() AS n FROM otel_traces', format: 'JSONEachRow' })).json<{
    n: string | number
  }>()
  return Number(rows[0]?.n)
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  await store.insert('otel_traces', generateTraces({ traces: 200, startNanos: START }).spans, { dedupToken: 'http-1' })
  api = await startClickHouseHttpInterface(store, {
    host: '127.0.0.1',
    port: 0,
    user: 'grafana',
    password: 's3cret-reader',
  })
  client = createClient({
    log: { level: ClickHouseLogLevel.OFF },
    url: api.url,
    username: 'grafana',
    password: 's3cret-reader',
  })
}, 60_000)

afterAll(async () => {
  await client?.close()
  await api?.close()
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A second interface on the same store with its own options, and a client of it; both closed after `use`. */
async function withInterface(
  options: Pick<Parameters<typeof startClickHouseHttpInterface>[1], 'maxQueryBytes' | 'limits'>,
  use: (api: ClickHouseHttpInterface, c: ClickHouseClient) => Promise<void>,
): Promise<void> {
  const api = await startClickHouseHttpInterface(store, {
    host: '127.0.0.1',
    port: 0,
    user: 'grafana',
    password: 's3cret-reader',
    ...options,
  })
  const c = createClient({
    log: { level: ClickHouseLogLevel.OFF },
    url: api.url,
    username: 'grafana',
    password: 's3cret-reader',
  })
  try {
    await use(api, c)
  } finally {
    await c.close()
    await api.close()
  }
}

describe('ClickHouse HTTP interface on the embedded store', () => {
  it('answers ping and reads with the official client', async () => {
    expect((await client.ping()).success).toBe(true)
    expect(await count()).toBe(Number((await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces'))[0]?.n))
    const services = await (
      await client.query({ query: 'SELECT DISTINCT ServiceName FROM otel_traces ORDER BY ServiceName', format: 'JSON' })
    ).json<{ ServiceName: string }>()
    expect(services.meta?.map((m) => m.name)).toEqual(['ServiceName'])
    expect(services.data.length).toBeGreaterThan(1)
  })

  it('binds query parameters server-side', async () => {
    const [first] = await store.query<{ TraceId: string }>('SELECT TraceId FROM otel_traces ORDER BY TraceId LIMIT 1')
    const rows = await (
      await client.query({
        query: 'SELECT count() AS n FROM otel_traces WHERE TraceId = {trace:String}',
        query_params: { trace: first!.TraceId },
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>()
    expect(Number(rows[0]?.n)).toBeGreaterThan(0)
    const injected = await (
      await client.query({
        query: 'SELECT count() AS n FROM otel_traces WHERE TraceId = {trace:String}',
        query_params: { trace: "x' OR 1=1 --" },
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>()
    expect(Number(injected[0]?.n)).toBe(0)
  })

  it('compresses responses when the client asks', async () => {
    const gz = createClient({
      log: { level: ClickHouseLogLevel.OFF },
      url: api.url,
      username: 'grafana',
      password: 's3cret-reader',
      compression: { response: true },
    })
    try {
      expect(await count(gz)).toBeGreaterThan(0)
    } finally {
      await gz.close()
    }
  })

  it('serves Native, the format Grafana’s ClickHouse client reads', async () => {
    const response = await fetch(`${api.url}/?default_format=Native`, {
      method: 'POST',
      body: 'SELECT ServiceName, count() AS spans FROM otel_traces GROUP BY ServiceName',
      headers: { authorization: `Basic ${Buffer.from('grafana:s3cret-reader').toString('base64')}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-clickhouse-format')).toBe('Native')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.includes(Buffer.from('ServiceName'))).toBe(true)
  })

  it('refuses a wrong password or user', async () => {
    const wrong = createClient({
      log: { level: ClickHouseLogLevel.OFF },
      url: api.url,
      username: 'grafana',
      password: 'nope',
    })
    const nobody = createClient({
      log: { level: ClickHouseLogLevel.OFF },
      url: api.url,
      username: 'default',
      password: '',
    })
    try {
      await expect(count(wrong)).rejects.toThrow(/Authentication failed/)
      await expect(count(nobody)).rejects.toThrow(/Authentication failed/)
    } finally {
      await wrong.close()
      await nobody.close()
    }
  })

  it('changes nothing and reads nothing outside the store, whatever is sent', async () => {
    const before = await count()
    const attempts: [string, RegExp][] = [
      ['DROP TABLE otel_traces', /read-only|readonly/i],
      ['TRUNCATE TABLE otel_traces', /read-only|readonly/i],
      ["INSERT INTO otel_traces (TraceId) VALUES ('x')", /read-only|readonly/i],
      ['ALTER TABLE otel_traces DELETE WHERE 1', /read-only|readonly/i],
      ['SET readonly = 0', /read-only|readonly/i],
      ['SELECT 1; DROP TABLE otel_traces', /Multi-statements/i],
      ["SELECT file('/etc/hostname')", /function file\(\)/],
      ["SELECT * FROM file('/etc/hostname', 'LineAsString')", /table function file\(\)|readonly/i],
      ["SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')", /table function url\(\)|readonly/i],
      ["SELECT * FROM numbers(2) AS n, (SELECT file('/etc/passwd') AS p) AS q", /function file\(\)/],
      ['SELECT 1 SETTINGS readonly = 0', /readonly/i],
    ]
    for (const [query, error] of attempts) {
      await expect(client.command({ query }), query).rejects.toThrow(error)
    }
    await expect(
      client.insert({ table: 'otel_traces', values: [{ TraceId: 'x' }], format: 'JSONEachRow' }),
    ).rejects.toThrow(/read-only|readonly/i)
    await expect(client.query({ query: 'SELECT 1', clickhouse_settings: { max_threads: 1 } })).rejects.toThrow(
      /setting max_threads cannot be changed/,
    )
    expect(await count()).toBe(before)
    expect((await store.query('EXISTS TABLE otel_traces'))[0]).toBeTruthy()
  })

  it('writes no file with INTO OUTFILE, in any form, and does not say whether a path exists', async () => {
    const existing = join(dataDir, 'existing.txt')
    writeFileSync(existing, 'unchanged\n')
    const fresh = join(dataDir, 'fresh.txt')
    const forms = [
      `SELECT 'x' INTO OUTFILE '${existing}' APPEND FORMAT TSVRaw`,
      `SELECT 'x' INTO OUTFILE '${existing}' TRUNCATE`,
      `SELECT 'x' INTO OUTFILE '${fresh}'`,
      `SELECT 'x' INTO OUTFILE '${fresh}' AND STDOUT`,
      `SELECT 'x' INTO OUTFILE '${fresh}' COMPRESSION 'gzip'`,
      `SELECT 1 UNION ALL SELECT 2 INTO OUTFILE '${fresh}'`,
      `WITH 1 AS a SELECT a INTO OUTFILE '${fresh}'`,
      `select 'x'\n  into\toutfile '${fresh}'`,
      `SHOW TABLES INTO OUTFILE '${fresh}'`,
      `DESCRIBE TABLE otel_traces INTO OUTFILE '${fresh}'`,
      `EXISTS TABLE otel_traces INTO OUTFILE '${fresh}'`,
      `SELECT 1 INTO OUTFILE '/nonexistent-dir/x'`,
    ]
    for (const query of forms) {
      await expect(client.command({ query }), query).rejects.toThrow(/INTO OUTFILE/)
    }
    expect(readFileSync(existing, 'utf8')).toBe('unchanged\n')
    expect(existsSync(fresh)).toBe(false)
    // A string that only mentions the clause is data, not the clause.
    const rows = await (await client.query({ query: "SELECT 'a\nINTO OUTFILE b' AS x", format: 'JSONEachRow' })).json<{
      x: string
    }>()
    expect(rows[0]?.x).toBe('a\nINTO OUTFILE b')
  })

  it('bounds what one query may cost — time, result size, and a compressed body inflated past the limit — and a client cannot lift it', async () => {
    await withInterface(
      { maxQueryBytes: 64 * 1024, limits: { maxExecutionSeconds: 1, maxResultRows: 1000 } },
      async (limited, c) => {
        await expect(
          c
            .query({ query: 'SELECT sum(number) FROM numbers(100000000000)', format: 'JSONEachRow' })
            .then((r) => r.json()),
        ).rejects.toThrow(/Timeout exceeded|TIMEOUT_EXCEEDED/)
        await expect(
          c.query({ query: 'SELECT number FROM numbers(200000)', format: 'JSONEachRow' }).then((r) => r.json()),
        ).rejects.toThrow(/Limit for result exceeded/)
        await expect(
          c.query({
            query: 'SELECT sum(number) FROM numbers(100000000000) SETTINGS max_execution_time = 1000',
            format: 'JSONEachRow',
          }),
        ).rejects.toThrow(/readonly|Cannot modify/i)
        // A 1 MB-inflating gzip of a few KB: refused at the limit, never inflated whole.
        const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20))
        const response = await fetch(`${limited.url}/?user=grafana&password=s3cret-reader`, {
          method: 'POST',
          body: bomb,
          headers: { 'content-encoding': 'gzip' },
        })
        expect(response.status).toBe(413)
        expect(await response.text()).toMatch(/larger than 65536 bytes once decompressed/)
        // Ordinary reads still work on the limited interface.
        expect(await count(c)).toBeGreaterThan(0)
      },
    )
  })

  it("honours a client's own max_execution_time below the limit, and refuses one that is not a number", async () => {
    await withInterface({ limits: { maxExecutionSeconds: 600 } }, async (patient, c) => {
      const url = `${patient.url}/?user=grafana&password=s3cret-reader`
      const response = await fetch(`${url}&max_execution_time=1`, {
        method: 'POST',
        body: 'SELECT sum(number) FROM numbers(10000000000000)',
      })
      expect(response.status).toBe(500)
      expect(response.headers.get('x-clickhouse-exception-code')).toBe('159')
      expect(await response.text()).toMatch(/Timeout exceeded: maximum: 1 seconds/)
      const bad = await fetch(`${url}&max_execution_time=soon`, { method: 'POST', body: 'SELECT 1' })
      expect(bad.status).toBe(400)
      expect(await bad.text()).toMatch(/max_execution_time = "soon": expected seconds/)
      // The next reader is answered at once: the cancelled query does not hold the session.
      expect(await count(c)).toBeGreaterThan(0)
    })
  }, 60_000)

  it('cancels a query whose client went away, so the readers queued behind it are answered', async () => {
    // A limit far above the test's own timeout: only the cancellation can end this query in time.
    await withInterface({ limits: { maxExecutionSeconds: 600 } }, async (patient, c) => {
      // Hours of work at this machine's speed, far past the test's timeout unless it is cancelled.
      const heavy = new AbortController()
      const abandoned = fetch(`${patient.url}/?user=grafana&password=s3cret-reader`, {
        method: 'POST',
        body: 'SELECT sum(number) FROM numbers(10000000000000)',
        signal: heavy.signal,
      }).catch((err: Error) => err.name)
      // Let it reach the engine (the guard parses it first), then go away.
      await new Promise((r) => setTimeout(r, 1500))
      heavy.abort()
      expect(await abandoned).toBe('AbortError')
      // The next reader is answered: it queued behind the heavy query on the one read session.
      expect(await count(c)).toBeGreaterThan(0)
    })
  }, 60_000)

  it('serves reads while the store keeps writing', async () => {
    const before = await count()
    const writes = (async () => {
      for (let i = 0; i < 5; i++)
        await store.insert(
          'otel_traces',
          generateTraces({ traces: 40, startNanos: START + BigInt(i + 1) * 10n ** 12n, seed: 100 + i }).spans,
          { dedupToken: `http-w-${i}` },
        )
    })()
    const reads: number[] = []
    for (let i = 0; i < 10; i++) reads.push(await count())
    await writes
    expect(reads.every((n) => n >= before)).toBe(true)
    const after = Number((await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces'))[0]?.n)
    expect(after).toBeGreaterThan(before)
    expect(await count()).toBe(after)
  })
})
