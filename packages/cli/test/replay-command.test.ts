// `tracehound replay` as a user runs it, on files written the way the
// OpenTelemetry Collector's file exporter writes OTLP JSON lines.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { ChdbStore } from '@tracehound/store'
import { afterAll, describe, expect, it } from 'vitest'
import { traceMessages } from '../../../pipelines/ingest/test/support/otlp-messages.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
const root = mkdtempSync(join(tmpdir(), 'tracehound-cli-replay-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tracehound replay', async () => {
  const traces = await traceMessages(30, 20, 'otlp_json')
  const spansFile = join(root, 'spans.jsonl.gz')
  writeFileSync(spansFile, gzipSync(`${traces.messages.map((m) => (m.value as Buffer).toString()).join('\n')}\n`))
  // Three ExportLogsServiceRequest lines of ten records each, in OTLP/JSON.
  const logsFile = join(root, 'logs.jsonl')
  writeFileSync(
    logsFile,
    `${Array.from({ length: 3 }, (_, m) =>
      JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
            scopeLogs: [
              {
                scope: { name: 'replay-test' },
                logRecords: Array.from({ length: 10 }, (_, i) => ({
                  timeUnixNano: String(1_795_000_000_000_000_000n + BigInt(m * 10 + i)),
                  severityText: 'INFO',
                  severityNumber: 9,
                  body: { stringValue: `line ${m}/${i}` },
                })),
              },
            ],
          },
        ],
      }),
    ).join('\n')}\n`,
  )

  it('loads spans and logs (.gz too), reports what it did, and a second replay stores nothing new', async () => {
    const data = join(root, 'store')
    const first = run('replay', spansFile, logsFile, '--data', data, '--batch-rows', '500', '--retention-days', '3650')
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toContain(`replayed 33 lines: ${traces.spans} spans, 30 log records`)
    expect(first.stderr).toMatch(/replay: \[\d+\/\d+\] rows/)
    const again = run('replay', spansFile, logsFile, '--data', data, '--batch-rows', '500', '--retention-days', '3650')
    expect(again.status).toBe(0)
    const store = await ChdbStore.open({ dataDir: data })
    const [spans] = await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces')
    const [logRows] = await store.query<{ n: number }>('SELECT count() AS n FROM otel_logs')
    await store.close()
    expect(Number(spans?.n)).toBe(traces.spans)
    expect(Number(logRows?.n)).toBe(30)
  })

  it('a bad line names file and line, and nothing is stored', async () => {
    const bad = join(root, 'bad.jsonl')
    const lines = traces.messages.slice(0, 3).map((m) => (m.value as Buffer).toString())
    lines.splice(
      2,
      0,
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "nothex", "spanId": "0102030405060708"}]}]}]}',
    )
    writeFileSync(bad, lines.join('\n'))
    const data = join(root, 'bad-store')
    const result = run('replay', bad, '--data', data)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${bad}:3: span traceId must be 32 hex characters`)
    expect(result.stderr).toContain('nothing was stored')
    const store = await ChdbStore.open({ dataDir: data })
    const [spans] = await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces')
    await store.close()
    expect(Number(spans?.n)).toBe(0)
    // `[null]` where a request belongs: named by file and line too, not a TypeError.
    const nulls = join(root, 'null.jsonl')
    writeFileSync(nulls, '[null]\n')
    const refused = run('replay', nulls, '--data', data)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(`${nulls}:1: OTLP/JSON body must be a JSON object`)
    expect(refused.stderr).not.toMatch(/Cannot read properties/)
  })

  it('a missing file is named', () => {
    const result = run('replay', join(root, 'nope.jsonl'), '--data', join(root, 'x'))
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('nope.jsonl: no such file')
  })

  it("detect.principals maps a service's own keys to the principal the detector reads", async () => {
    const span = (attributes: Record<string, string>, n: number) => ({
      traceId: `${'ab'.repeat(15)}${String(n).padStart(2, '0')}`,
      spanId: `01020304050607${String(n).padStart(2, '0')}`,
      name: 'GET /orders/:id',
      kind: 2,
      startTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(n)),
      endTimeUnixNano: String(1_795_000_000_001_000_000n + BigInt(n)),
      attributes: Object.entries({ 'http.request.method': 'GET', 'http.route': '/orders/:id', ...attributes }).map(
        ([key, v]) => ({ key, value: { stringValue: v } }),
      ),
    })
    const file = join(root, 'custom-keys.jsonl')
    const spans = [
      span({ customer_id: 'cust-7', 'x-real-ip': '203.0.113.8' }, 1),
      span({ 'user.id': 'standard', customer_id: 'ignored' }, 2),
    ]
    writeFileSync(
      file,
      `${JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] }, scopeSpans: [{ scope: { name: 't' }, spans }] }] })}\n`,
    )
    const config = join(root, 'principals.yaml')
    writeFileSync(config, 'detect:\n  principals:\n    user: [account_id, customer_id]\n    address: [x-real-ip]\n')
    const data = join(root, 'principals-store')
    const result = run('--config', config, 'replay', file, '--data', data, '--retention-days', '3650')
    expect(result.status, result.stderr).toBe(0)
    const store = await ChdbStore.open({ dataDir: data })
    const rows = await store.query<{ UserId: string; ClientAddress: string }>(
      'SELECT UserId, ClientAddress FROM user_endpoint_minute ORDER BY UserId',
    )
    await store.close()
    expect(rows.map((r) => [r.UserId, r.ClientAddress])).toEqual([
      ['cust-7', '203.0.113.8'],
      ['standard', ''],
    ])
  })

  it('a bad principals mapping is refused before anything is stored', () => {
    const config = join(root, 'bad-principals.yaml')
    writeFileSync(config, 'detect:\n  principals:\n    user: [""]\n')
    const result = run('--config', config, 'replay', spansFile, '--data', join(root, 'never'))
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('detect.principals.user.0')
    expect(result.stderr).toContain('expected a span attribute key')
  })

  it('a capture older than the store keeps is refused with the way to load it, and stores nothing', async () => {
    const day = 86_400n * 1_000_000_000n
    const old = BigInt(Date.now()) * 1_000_000n - 40n * day
    const line = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
          scopeSpans: [
            {
              scope: { name: 't' },
              spans: [
                {
                  traceId: 'ab'.repeat(16),
                  spanId: '0102030405060708',
                  name: 'GET /orders/:id',
                  kind: 2,
                  startTimeUnixNano: String(old),
                  endTimeUnixNano: String(old + 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    })
    const file = join(root, 'forty-days-old.jsonl')
    writeFileSync(file, `${line}\n`)
    const data = join(root, 'retention-store')
    const refused = run('replay', file, '--data', data)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(
      /1 of 1 records are older than the store keeps \(30-day retention; the oldest is \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/,
    )
    expect(refused.stderr).toContain('Nothing was stored. To load an old capture, pass --retention-days')
    const loaded = run('replay', file, '--data', data, '--retention-days', '60')
    expect(loaded.status, loaded.stderr).toBe(0)
    const store = await ChdbStore.open({ dataDir: data })
    const [row] = await store.query<{ n: string }>('SELECT count() AS n FROM otel_traces')
    await store.close()
    expect(Number(row?.n)).toBe(1)
  })
})
