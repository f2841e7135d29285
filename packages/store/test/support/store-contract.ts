// The behaviour every Store backend must have, run against each backend by its
// own test file (one embedded engine per process, so one backend per file).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InsertError, LEDGER_TABLE, migrate, type Store } from '../../src/index.ts'
import { expectedEdges, expectedEndpointMinutes, expectedUserMinutes } from './expected-rollups.ts'
import { generateTraces, seededRandom, type SpanRow } from './generate-spans.ts'

const START = 1_795_000_000_000_000_000n // 2026-11-18T…Z, a fixed event-time origin

/** Column types of docs/storage.md, as system.columns spells them. */
const TRACE_COLUMNS: Record<string, string> = {
  Timestamp: 'DateTime64(9)',
  TraceId: 'String',
  SpanId: 'String',
  ParentSpanId: 'String',
  TraceState: 'String',
  SpanName: 'LowCardinality(String)',
  SpanKind: 'LowCardinality(String)',
  ServiceName: 'LowCardinality(String)',
  ResourceAttributes: 'Map(LowCardinality(String), String)',
  ScopeName: 'String',
  ScopeVersion: 'String',
  SpanAttributes: 'Map(LowCardinality(String), String)',
  Duration: 'UInt64',
  StatusCode: 'LowCardinality(String)',
  StatusMessage: 'String',
  'Events.Timestamp': 'Array(DateTime64(9))',
  'Events.Name': 'Array(LowCardinality(String))',
  'Events.Attributes': 'Array(Map(LowCardinality(String), String))',
  'Links.TraceId': 'Array(String)',
  'Links.SpanId': 'Array(String)',
  'Links.TraceState': 'Array(String)',
  'Links.Attributes': 'Array(Map(LowCardinality(String), String))',
}

const LOG_COLUMNS: Record<string, string> = {
  Timestamp: 'DateTime64(9)',
  TraceId: 'String',
  SpanId: 'String',
  TraceFlags: 'UInt8',
  SeverityText: 'LowCardinality(String)',
  SeverityNumber: 'UInt8',
  ServiceName: 'LowCardinality(String)',
  Body: 'String',
  ResourceSchemaUrl: 'LowCardinality(String)',
  ResourceAttributes: 'Map(LowCardinality(String), String)',
  ScopeSchemaUrl: 'LowCardinality(String)',
  ScopeName: 'String',
  ScopeVersion: 'LowCardinality(String)',
  ScopeAttributes: 'Map(LowCardinality(String), String)',
  LogAttributes: 'Map(LowCardinality(String), String)',
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Random batch sizes, so a parent and its child often land in different inserts. */
function randomBatches<T>(items: readonly T[], seed: number): T[][] {
  const random = seededRandom(seed)
  const batches: T[][] = []
  for (let i = 0; i < items.length; ) {
    const size = 1 + Math.floor(random() * 400)
    batches.push(items.slice(i, i + size))
    i += size
  }
  return batches
}

export function describeStoreContract(
  backend: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void> = async () => {},
): void {
  describe(`Store contract — ${backend}`, () => {
    let store: Store
    beforeAll(async () => {
      store = await open()
    })
    afterAll(async () => {
      await store.close()
      await cleanup()
    })

    it('migrates to the Collector-compatible schema, and a re-run changes nothing', async () => {
      const first = await migrate(store)
      expect(first.applied).toEqual([1, 2, 3, 4, 5])
      const again = await migrate(store)
      expect(again.applied).toEqual([])
      expect(again.alreadyApplied).toEqual([1, 2, 3, 4, 5])
      const ledger = await store.query<{ n: number }>(`SELECT count() AS n FROM ${LEDGER_TABLE} FINAL`)
      expect(Number(ledger[0]?.n)).toBe(5)

      const columns = async (table: string) =>
        Object.fromEntries(
          (
            await store.query<{ name: string; type: string }>(
              'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position',
              { t: table },
            )
          ).map((c) => [c.name, c.type]),
        )
      expect(await columns('otel_traces')).toEqual(TRACE_COLUMNS)
      expect(await columns('otel_logs')).toEqual(LOG_COLUMNS)
      expect(await columns('otel_traces_trace_id_ts')).toEqual({
        TraceId: 'String',
        Start: 'DateTime',
        End: 'DateTime',
      })
    })

    it('round-trips spans and logs exactly, every column', async () => {
      const { spans, logs } = generateTraces({ traces: 150, startNanos: START - 86_400_000_000_000n, seed: 7 })
      await store.insert('otel_traces', spans, { dedupToken: 'roundtrip-spans' })
      await store.insert('otel_logs', logs, { dedupToken: 'roundtrip-logs' })
      const traceIds = [...new Set(spans.map((s) => s.TraceId))]
      const storedSpans = await store.query<SpanRow>(
        'SELECT * FROM otel_traces WHERE has({ids:Array(String)}, TraceId) ORDER BY TraceId, SpanId',
        { ids: traceIds },
      )
      const bySpan = (a: { TraceId: string; SpanId: string }, b: { TraceId: string; SpanId: string }) =>
        a.TraceId + a.SpanId < b.TraceId + b.SpanId ? -1 : 1
      expect(storedSpans).toEqual([...spans].sort(bySpan))
      const storedLogs = await store.query(
        'SELECT * FROM otel_logs WHERE has({ids:Array(String)}, TraceId) ORDER BY TraceId, SpanId',
        { ids: traceIds },
      )
      expect(storedLogs).toEqual([...logs].sort(bySpan))
      const lookup = await store.query<{ TraceId: string; Start: string; End: string }>(
        'SELECT TraceId, Start, End FROM otel_traces_trace_id_ts WHERE TraceId = {id:String}',
        { id: spans[0]!.TraceId },
      )
      expect(lookup).toEqual([
        { TraceId: spans[0]!.TraceId, Start: spans[0]!.Timestamp.slice(0, 19), End: spans[3]!.Timestamp.slice(0, 19) },
      ])
    })

    describe('rollups equal a direct computation over the same spans', () => {
      const { spans } = generateTraces({ traces: 1500, startNanos: START, seed: 11 })
      beforeAll(async () => {
        // Shuffled and cut into random batches: parents and children arrive in any order.
        const batches = randomBatches(shuffled(spans, 3), 5)
        for (const [i, batch] of batches.entries())
          await store.insert('otel_traces', batch, { dedupToken: `rollup-${i}` })
      })
      const inWindow = `Minute >= toDateTime('2026-11-18 00:00:00')`

      it('endpoint_minute', async () => {
        const rows = await store.query<{
          k: string
          requests: number
          errors: number
          s4: number
          s5: number
          dur: number
          users: number
        }>(`
          SELECT concat(toString(Minute), '|', ServiceName, '|', Method, '|', Route) AS k,
                 sum(Requests) AS requests, sum(Errors) AS errors, sum(Status4xx) AS s4, sum(Status5xx) AS s5,
                 sum(DurationSum) AS dur, uniqMerge(Users) AS users
          FROM endpoint_minute WHERE ${inWindow} GROUP BY k ORDER BY k`)
        const expected = [...expectedEndpointMinutes(spans).values()].sort((a, b) => (a.key < b.key ? -1 : 1))
        expect(
          rows.map((r) => ({
            key: r.k,
            requests: Number(r.requests),
            errors: Number(r.errors),
            status4xx: Number(r.s4),
            status5xx: Number(r.s5),
            durationSum: Number(r.dur),
            users: Number(r.users),
          })),
        ).toEqual(expected)
      })

      it('endpoint_minute latency quantiles track the exact quantiles', async () => {
        const rows = await store.query<{ q: number[]; exact: number[] }>(`
          SELECT r.q AS q, d.exact AS exact FROM
            (SELECT ServiceName, Method, Route, quantilesTDigestMerge(0.5, 0.9, 0.99)(DurationQuantiles) AS q
             FROM endpoint_minute WHERE ${inWindow} GROUP BY ServiceName, Method, Route) AS r
          INNER JOIN
            (SELECT ServiceName, SpanAttributes['http.request.method'] AS Method, SpanAttributes['http.route'] AS Route,
                    quantilesExact(0.5, 0.9, 0.99)(Duration) AS exact
             FROM otel_traces WHERE SpanKind = 'Server' AND Timestamp >= '2026-11-18 00:00:00' GROUP BY ServiceName, Method, Route) AS d
          USING (ServiceName, Method, Route)`)
        expect(rows.length).toBeGreaterThan(4)
        for (const row of rows) {
          const median = Number(row.q[0])
          expect(Math.abs(median - Number(row.exact[0])) / Number(row.exact[0])).toBeLessThan(0.1)
        }
      })

      it('user_endpoint_minute: requests, failures and distinct object ids per caller', async () => {
        const rows = await store.query<{ k: string; requests: number; failures: number; ids: number }>(`
          SELECT concat(toString(Minute), '|', ServiceName, '|', Method, '|', Route, '|', UserId, '|', ClientAddress) AS k,
                 sum(Requests) AS requests, sum(Failures) AS failures, uniqMerge(ObjectIds) AS ids
          FROM user_endpoint_minute WHERE ${inWindow} GROUP BY k ORDER BY k`)
        const expected = [...expectedUserMinutes(spans).values()].sort((a, b) => (a.key < b.key ? -1 : 1))
        expect(
          rows.map((r) => ({
            key: r.k,
            requests: Number(r.requests),
            failures: Number(r.failures),
            objectIds: Number(r.ids),
          })),
        ).toEqual(expected)
        expect(expected.some((e) => e.objectIds > 1)).toBe(true)
      })

      it('service_edges_minute: every cross-service pair once, whatever the arrival order, plus client views', async () => {
        const rows = await store.query<{ k: string; calls: number }>(`
          SELECT concat(CallerService, '|', CalleeService, '|', CalleeMethod, '|', CalleeRoute, '|', CalleeAddress, '|', Source, '|', toString(Minute)) AS k,
                 sum(Calls) AS calls
          FROM service_edges_minute WHERE ${inWindow} GROUP BY k ORDER BY k`)
        const expected = [...expectedEdges(spans)].sort(([a], [b]) => (a < b ? -1 : 1))
        expect(rows.map((r) => [r.k, Number(r.calls)])).toEqual(expected)
        const paired = expected.filter(([k]) => k.includes('|span|')).reduce((n, [, c]) => n + c, 0)
        expect(paired).toBe(1500)
      })
    })

    it('a batch retried with the same token is written once, rollups included', async () => {
      const { spans } = generateTraces({ traces: 40, startNanos: START + 7_200_000_000_000_000n, seed: 99 })
      const counts = async () =>
        (
          await store.query<{ spans: number; requests: number }>(`
            SELECT (SELECT count() FROM otel_traces WHERE Timestamp >= '2027-02-01 00:00:00') AS spans,
                   (SELECT sum(Requests) FROM endpoint_minute WHERE Minute >= '2027-02-01 00:00:00') AS requests`)
        )[0]
      await store.insert('otel_traces', spans, { dedupToken: 'otlp_spans/0/100-139' })
      const once = await counts()
      await store.insert('otel_traces', spans, { dedupToken: 'otlp_spans/0/100-139' })
      expect(await counts()).toEqual(once)
      expect(Number(once?.spans)).toBe(160)
      expect(Number(once?.requests)).toBe(80)
    })

    it('a row larger than ClickHouse’s parallel parsing takes (100 MiB: learned detector state) is stored whole', async () => {
      const body = 'x'.repeat(101 * 1024 * 1024)
      await store.insert('detector_state', [
        {
          Kind: 'baselines',
          ConfigHash: 'large-row',
          Epoch: '2027-03-01 00:00:00',
          LearnedAt: '2027-03-01 00:00:00.000',
          Body: body,
        },
      ])
      const [row] = await store.query<{ n: number }>(
        "SELECT length(Body) AS n FROM detector_state WHERE ConfigHash = 'large-row'",
      )
      expect(Number(row?.n)).toBe(body.length)
    })

    it('a row that does not fit fails its whole batch with the column named, and writes nothing', async () => {
      const { spans } = generateTraces({ traces: 3, startNanos: START + 9_000_000_000_000_000n, seed: 5 })
      const before = await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces')
      const bad = [...spans.slice(0, 5), { ...spans[5]!, Duration: 'twelve' }, ...spans.slice(6)]
      const failure = await store.insert('otel_traces', bad, { dedupToken: 'bad-1' }).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(InsertError)
      expect((failure as Error).message).toMatch(/otel_traces/)
      expect((failure as Error).message).toMatch(/Duration/)
      expect((failure as Error).message).toMatch(/nothing from this batch was written/)
      expect((failure as InsertError).retriable).toBe(false)

      const unknown = await store
        .insert('otel_traces', [{ ...spans[0]!, Durration: 5 }], { dedupToken: 'bad-2' })
        .catch((e: unknown) => e)
      expect(unknown).toBeInstanceOf(InsertError)
      expect((unknown as Error).message).toMatch(/Durration/)
      expect(await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces')).toEqual(before)
    })

    it('binds parameters server-side: an injection attempt is just a value', async () => {
      const rows = await store.query<{ n: number }>(
        'SELECT count() AS n FROM otel_traces WHERE ServiceName = {svc:String}',
        { svc: "orders' OR 1=1 --" },
      )
      expect(Number(rows[0]?.n)).toBe(0)
      await expect(store.insert('otel_traces; DROP TABLE findings', [{}])).rejects.toThrow(/table name/)
    })
  })
}
