// `tracehound up` as a user runs it: one process, embedded store, OTLP/HTTP in,
// findings out on the console and the API, a clean stop.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { rowsToOtlpJsonLines } from '../../detector/test/support/rows-to-otlp-json.ts'
import { BASE_SECONDS, Traffic } from '../../detector/test/support/traffic.ts'
import { until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'
import { startStandIn } from '../../alerts/test/support/receiver-stand-ins.ts'
import { encodeTracesJsonAsProto, parseJsonBody } from '@tracehound/otlp'
import { readdirSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { ClickHouseLogLevel, createClient } from '@clickhouse/client'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-up-'))
let up: ChildProcess | undefined
afterAll(() => {
  up?.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

async function post(url: string, lines: string[]): Promise<void> {
  for (const line of lines) {
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      body: line,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(200)
  }
}

/** The same requests as OTLP/protobuf (what SDKs send by default): the receiver's row-less path. */
async function postProtobuf(url: string, lines: string[]): Promise<void> {
  for (const line of lines) {
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      body: Buffer.from(encodeTracesJsonAsProto(parseJsonBody(line))),
      headers: { 'content-type': 'application/x-protobuf' },
    })
    expect(res.status).toBe(200)
  }
}

const CH_LISTENING = /ClickHouse HTTP \(read-only, user grafana\) on (http:\/\/\S+)/

/** `up` on `data` with the read-only ClickHouse interface, once it listens: its API and ClickHouse URLs. */
async function startUpWithClickHouse(
  data: string,
  password: string,
): Promise<{ child: ChildProcess; url: string; chUrl: string; err: () => string }> {
  const child = spawn(process.execPath, [BIN, 'up', '--data', data, '--port', '0', '--clickhouse-http-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD: password },
  })
  up = child
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  await until('up to listen', async () => CH_LISTENING.test(out), 30_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${err.slice(-2000)}`)
  })
  return { child, url: /API on (http:\/\/\S+)/.exec(out)![1]!, chUrl: CH_LISTENING.exec(out)![1]!, err: () => err }
}

describe('tracehound up', () => {
  it('receives OTLP, detects live, serves findings and edges, stops cleanly', async () => {
    const siem = await startStandIn('webhook', { status: 200, body: '{}' })
    const alertsConfig = join(root, 'alerts.yaml')
    writeFileSync(
      alertsConfig,
      `alerts:\n  route: { receiver: siem, group_wait: 0s }\n  receivers:\n    - { name: siem, type: webhook, url: '${siem.url}/hook' }\n`,
    )
    // The traffic below has fixed (recorded) times: a store that keeps ten years, so up stores them whatever today is.
    const migrated = spawnSync(
      process.execPath,
      [BIN, 'migrate', '--data', join(root, 'store'), '--retention-days', '3650'],
      { encoding: 'utf8' },
    )
    expect(migrated.status, migrated.stderr).toBe(0)
    up = spawn(
      process.execPath,
      [BIN, 'up', '--data', join(root, 'store'), '--port', '0', '--alerts-config', alertsConfig],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    up.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    up.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    await until('up to listen', async () => /API on (http:\/\/\S+)/.test(out), 30_000)
    const url = /API on (http:\/\/\S+)/.exec(out)![1]!
    // OTLP/gRPC beside it (any free port with --port 0), for SDKs and Collectors that default to gRPC.
    await until('the gRPC receiver', async () => /OTLP\/gRPC on http:\/\/127\.0\.0\.1:\d+/.test(out), 10_000)

    const attack = BASE_SECONDS + 44 * 60
    const before = new Traffic(3)
    before.normal(BASE_SECONDS, 44, 20)
    await post(url, rowsToOtlpJsonLines(before.spans))
    await until(
      'the ordinary hour to be stored',
      async () =>
        /tracehound_up_rows_written_total (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ===
        String(before.spans.length),
      30_000,
    )
    // Live detection starts at the newest closed window it sees; wait until it has, so the attack comes after it.
    await until(
      'live detection to start',
      async () =>
        Number(
          /tracehound_detect_detected_until_seconds (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1],
        ) > 0,
      30_000,
    )

    const after = new Traffic(4)
    for (let i = 0; i < 200; i++)
      after.request({
        at: attack + i * 0.25,
        service: 'orders',
        caller: 'gateway',
        method: 'GET',
        route: '/orders/:id',
        path: `/orders/${9000 + i}`,
        status: 404,
        user: 'user-7',
        client: '10.0.3.7',
      })
    after.normal(attack, 3, 20)
    await post(url, rowsToOtlpJsonLines(after.spans))

    await until(
      'findings from live detection',
      async () => {
        const findings = (await (await fetch(`${url}/api/findings`)).json()) as { kind: string }[]
        return findings.some((f) => f.kind === 'endpoint_abuse')
      },
      60_000,
    )
    const findings = (await (await fetch(`${url}/api/findings?kind=endpoint_abuse`)).json()) as {
      entity: { user: string }
      evidence: { sampleTraceIds: string[] }
    }[]
    expect(findings[0]?.entity.user).toBe('user-7')
    expect(findings[0]?.evidence.sampleTraceIds.length).toBeGreaterThan(0)
    // The trace behind the finding: its spans, in start order, with the correlation id.
    const sample = findings[0]!.evidence.sampleTraceIds[0]!
    const trace = (await (await fetch(`${url}/api/traces/${sample}`)).json()) as {
      trace_id: string
      spans: { service: string; name: string; correlation_id: string; duration_ns: number; start: string }[]
    }
    expect(trace.trace_id).toBe(sample)
    expect(trace.spans.map((s) => s.service)).toEqual(expect.arrayContaining(['gateway', 'orders']))
    expect(trace.spans[0]!.correlation_id).toBe(`c-${sample.slice(0, 12)}`)
    expect(trace.spans.every((s) => s.duration_ns > 0 && s.start.endsWith('Z'))).toBe(true)
    expect((await fetch(`${url}/api/traces/not-a-trace-id`)).status).toBe(400)
    expect((await fetch(`${url}/api/traces/${'0'.repeat(32)}`)).status).toBe(404)
    expect(out).toMatch(/(HIGH|MEDIUM) endpoint_abuse: user user-7 made/)

    const edges = (await (await fetch(`${url}/api/edges?minutes=120`)).json()) as {
      caller: string
      callee: string
      source: string
      calls: number
    }[]
    expect(
      edges.find((e) => e.caller === 'gateway' && e.callee === 'orders' && e.source === 'span')?.calls,
    ).toBeGreaterThan(100)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/api/findings?kind=bogus`)).status).toBe(400)
    // Times the store cannot hold, or that are not times, are 400 with the parameter named — never a 500 or ignored.
    for (const query of [
      'from=1900-01-01',
      'from=abc',
      'from=99999999999',
      'to=-5',
      'from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z',
    ]) {
      const response = await fetch(`${url}/api/findings?${query}`)
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { error: string }).error, query).toMatch(/from|to/)
    }
    expect((await fetch(`${url}/api/findings?from=2026-01-01T00:00:00Z`)).status).toBe(200)
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404)

    // The scraper's findings form one incident, served on /api/incidents and printed as it opens.
    await until(
      'the incident',
      async () => {
        const incidents = (await (await fetch(`${url}/api/incidents`)).json()) as { entities: { users: string[] } }[]
        return incidents.some((i) => i.entities.users.includes('user-7'))
      },
      30_000,
    )
    const incidents = (await (await fetch(`${url}/api/incidents?status=open`)).json()) as {
      title: string
      finding_ids: string[]
      entities: { users: string[] }
    }[]
    const scraper = incidents.find((i) => i.entities.users.includes('user-7'))!
    expect(scraper.title).toMatch(/^user-7: endpoint abuse/)
    expect(scraper.finding_ids).toContain((findings[0] as unknown as { id: string }).id)
    expect(out).toMatch(/INCIDENT (HIGH|MEDIUM|CRITICAL) inc-[0-9a-f]{16}: user-7: /)
    expect((await fetch(`${url}/api/incidents?status=closed`)).status).toBe(400)

    // The alert router runs inside up too: the finding reached the webhook.
    await until(
      'the alert to be delivered',
      async () => siem.received.some((r) => r.body.includes('endpoint_abuse')),
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${err.slice(-3000)}`)
    })
    await siem.close()

    up.kill('SIGINT')
    const code = await new Promise((resolve) => up!.once('exit', resolve))
    expect(code, err).toBe(0)
    expect(err).toContain('"msg":"stopped"')
  }, 150_000)

  it('serves the embedded store to ClickHouse clients (Grafana) read-only, with a password', async () => {
    const password = 'reader-pass-1'
    const { child, url, chUrl, err } = await startUpWithClickHouse(join(root, 'store-ch'), password)
    const traffic = new Traffic(8)
    traffic.normal(BASE_SECONDS, 3, 5)
    await post(url, rowsToOtlpJsonLines(traffic.spans))
    await until(
      'spans to be stored',
      async () =>
        /tracehound_up_rows_written_total (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ===
        String(traffic.spans.length),
      30_000,
    )

    const client = createClient({ url: chUrl, username: 'grafana', password, log: { level: ClickHouseLogLevel.OFF } })
    try {
      const rows = await (
        await client.query({ query: 'SELECT count() AS n FROM otel_traces', format: 'JSONEachRow' })
      ).json<{ n: string }>()
      expect(Number(rows[0]?.n)).toBe(traffic.spans.length)
      const minutes = await (
        await client.query({
          query:
            'SELECT ServiceName, sum(Requests) AS requests FROM endpoint_minute GROUP BY ServiceName ORDER BY ServiceName',
          format: 'JSONEachRow',
        })
      ).json<{ ServiceName: string }>()
      expect(minutes.map((r) => r.ServiceName)).toEqual(['auth', 'orders', 'users'])
      await expect(client.command({ query: 'DROP TABLE otel_traces' })).rejects.toThrow(/read-only/)
    } finally {
      await client.close()
    }
    child.kill('SIGINT')
    expect(await new Promise((resolve) => child.once('exit', resolve)), err()).toBe(0)
  }, 90_000)

  it('a kill -9 right after the acknowledgements loses nothing: the next start stores what the write-ahead log held', async () => {
    const data = join(root, 'store-crash')
    const password = 'reader-pass-2'
    const start = () => startUpWithClickHouse(data, password)
    const first = await start()
    const traffic = new Traffic(9)
    traffic.normal(BASE_SECONDS, 5, 8)
    // Every request answered 200: half as JSON (decoded to rows), half as protobuf (straight to the log's bytes).
    const lines = rowsToOtlpJsonLines(traffic.spans)
    await post(first.url, lines.slice(0, Math.floor(lines.length / 2)))
    await postProtobuf(first.url, lines.slice(Math.floor(lines.length / 2)))
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    // Acknowledged and not all stored yet: the log holds the rest.
    expect(readdirSync(`${data}.wal`).some((f) => f.endsWith('.jsonl'))).toBe(true)

    const second = await start()
    const client = createClient({
      url: second.chUrl,
      username: 'grafana',
      password,
      log: { level: ClickHouseLogLevel.OFF },
    })
    try {
      const count = async (): Promise<{ n: number; distinct: number }> => {
        const [row] = await (
          await client.query({
            query: 'SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces',
            format: 'JSONEachRow',
          })
        ).json<{ n: string; distinct: string }>()
        return { n: Number(row?.n), distinct: Number(row?.distinct) }
      }
      await until('the log to be stored', async () => (await count()).n >= traffic.spans.length, 30_000)
      expect(await count()).toEqual({ n: traffic.spans.length, distinct: traffic.spans.length })
    } finally {
      await client.close()
    }
    // Each segment is removed once stored.
    await until('the log to empty', async () => readdirSync(`${data}.wal`).every((f) => !f.endsWith('.jsonl')), 10_000)
    second.child.kill('SIGINT')
    expect(await new Promise((resolve) => second.child.once('exit', resolve)), second.err()).toBe(0)
  }, 90_000)

  it('refuses to serve ClickHouse HTTP without a password', () => {
    const result = spawnSync(
      process.execPath,
      [BIN, 'up', '--data', join(root, 'store-nopass'), '--port', '0', '--clickhouse-http-port', '0'],
      {
        encoding: 'utf8',
        env: { ...process.env, TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD: '' },
      },
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD')
  })
})
