// `tracehound console` as its own stage, the way a distributed deployment
// runs it: over a ClickHouse server as a read-only user. The server here is
// up's read-only ClickHouse HTTP interface over an embedded store (the real
// engine behind a read-only guard), so a console query that writes or that
// the guard refuses fails this test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { rowsToOtlpJsonLines } from '../../detector/test/support/rows-to-otlp-json.ts'
import { BASE_SECONDS, Traffic } from '../../detector/test/support/traffic.ts'
import { until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-console-stage-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

function start(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  children.push(child)
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  return { child, output: () => out }
}

describe('tracehound console', () => {
  it('refuses to listen beyond loopback without a token, and says what to set', () => {
    const result = spawnSync(process.execPath, [BIN, 'console', '--data', join(root, 'none'), '--host', '0.0.0.0'], {
      encoding: 'utf8',
      env: { ...process.env, TRACEHOUND_CONSOLE_TOKEN: '' },
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/TRACEHOUND_CONSOLE_TOKEN/)
  })

  it('serves the page and the token-guarded read API over a read-only ClickHouse user', async () => {
    const password = 'reader-pass-console'
    const migrated = spawnSync(
      process.execPath,
      [BIN, 'migrate', '--data', join(root, 'store'), '--retention-days', '3650'],
      {
        encoding: 'utf8',
      },
    )
    expect(migrated.status, migrated.stderr).toBe(0)
    const up = start(
      ['up', '--data', join(root, 'store'), '--port', '0', '--grpc-port', '0', '--clickhouse-http-port', '0'],
      {
        TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD: password,
      },
    )
    await until(
      'up to listen',
      async () => /ClickHouse HTTP \(read-only, user grafana\) on (http:\/\/\S+)/.test(up.output()),
      30_000,
    )
    const upUrl = /API on (http:\/\/\S+)/.exec(up.output())![1]!
    const chUrl = /ClickHouse HTTP \(read-only, user grafana\) on (http:\/\/\S+)/.exec(up.output())![1]!
    const traffic = new Traffic(5)
    traffic.normal(BASE_SECONDS, 5, 8)
    for (const line of rowsToOtlpJsonLines(traffic.spans))
      expect(
        (
          await fetch(`${upUrl}/v1/traces`, {
            method: 'POST',
            body: line,
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200)
    await until(
      'spans to be stored',
      async () =>
        /tracehound_up_rows_written_total (\d+)/.exec(await (await fetch(`${upUrl}/metrics`)).text())?.[1] ===
        String(traffic.spans.length),
      30_000,
    )

    const token = 'console-stage-token'
    const console = start(['console', '--clickhouse', chUrl, '--clickhouse-user', 'grafana', '--port', '0'], {
      TRACEHOUND_CLICKHOUSE_PASSWORD: password,
      TRACEHOUND_CONSOLE_TOKEN: token,
    })
    await until(
      'the console to listen',
      async () => /tracehound console on (http:\/\/\S+)\//.test(console.output()),
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${console.output().slice(-2000)}`)
    })
    const url = /tracehound console on (http:\/\/\S+)\//.exec(console.output())![1]!
    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script type="module" src="/console/app.js">')
    expect((await fetch(`${url}/console/app.js`)).headers.get('content-type')).toMatch(/javascript/)
    expect((await fetch(`${url}/api/edges`)).status).toBe(401)
    expect((await fetch(`${url}/api/edges`, { headers: { authorization: 'Bearer wrong-token-123' } })).status).toBe(401)
    const auth = { headers: { authorization: `Bearer ${token}` } }
    const edges = (await (await fetch(`${url}/api/edges?minutes=600`, auth)).json()) as {
      caller: string
      callee: string
    }[]
    expect(edges.some((e) => e.caller === 'gateway' && e.callee === 'orders')).toBe(true)
    const health = (await (await fetch(`${url}/api/health`, auth)).json()) as {
      newest_span: string
      spans_last_5m: number
    }
    expect(Date.parse(health.newest_span) / 1000).toBeGreaterThan(BASE_SECONDS + 4 * 60)
    expect(health.spans_last_5m).toBe(traffic.spans.length)
    const series = (await (
      await fetch(
        `${url}/api/series?service=orders&endpoint=${encodeURIComponent('GET /orders/:id')}&from=${BASE_SECONDS - 60}&to=${BASE_SECONDS + 600}`,
        auth,
      )
    ).json()) as { minute: string; requests: number }[]
    expect(series).toHaveLength(5)
    expect(series.every((p) => p.requests > 0)).toBe(true)
    // Bad parameters are 400 with the parameter named; the store is never asked.
    for (const query of [
      'service=orders',
      `service=orders&from=${BASE_SECONDS}&to=${BASE_SECONDS + 200_000}`,
      `from=${BASE_SECONDS}&to=${BASE_SECONDS + 60}`,
    ]) {
      const response = await fetch(`${url}/api/series?${query}`, auth)
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { error: string }).error, query).toMatch(/from|to|service/)
    }
    expect((await fetch(`${url}/api/findings`, auth)).status).toBe(200)
    expect((await fetch(`${url}/api/incidents`, auth)).status).toBe(200)
    expect((await fetch(`${url}/nothing`)).status).toBe(404)

    console.child.kill('SIGINT')
    expect(await new Promise((resolve) => console.child.once('exit', resolve))).toBe(0)
    up.child.kill('SIGINT')
    expect(await new Promise((resolve) => up.child.once('exit', resolve))).toBe(0)
  }, 120_000)
})
