// Spans and logs reach the engine as Native columns (message-decoder.ts): the
// rows the engine stores from them must be exactly the rows it stores from
// the JSONEachRow the decoder's rows encode to — for SDK spans and logs,
// OTLP/JSON, escapes, every value type, events, links, duplicate and
// integer-like keys, principal aliases, the retention cut and seeded random
// requests, with the parts of many messages joined into one block. Real
// engine (chdb).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyPrincipalAliases,
  decodeLogsJson,
  decodeLogsProto,
  decodeTracesJson,
  decodeTracesProto,
  DEFAULT_LIMITS,
  encodeTracesJsonAsProto,
  type LogRow,
  type SpanRow,
  withinRetention,
} from '@tracehound/otlp'
import { ChdbStore, jsonEachRowBatch, migrate } from '@tracehound/store'
import { encodeJsonEachRow } from '../../../packages/store/src/json-each-row.ts'
import { random } from '../../../packages/otlp/test/support/random-otlp.ts'
import { randomLogs } from '../../../packages/otlp/test/support/log-requests.ts'
import {
  logsJson,
  logsProto,
  recordLogs,
  recordSpans,
  traceJson,
  traceProto,
} from '../../../packages/otlp/test/support/sdk-payloads.ts'
import { awkward, randomRequest, span } from '../../../packages/otlp/test/support/trace-requests.ts'
import { encodeMessage, joinBodies, type MessageBody, type SignalKind } from '../src/message-decoder.ts'

let root: string
let store: ChdbStore

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'native-spans-'))
  store = await ChdbStore.open({ dataDir: join(root, 'store') })
  await migrate(store)
})

afterAll(async () => {
  await store.close()
  rmSync(root, { recursive: true, force: true })
})

let tables = 0

/** The decoder's rows of one message, as the JSONEachRow path stores them. */
function decodedRows(
  kind: SignalKind,
  value: Uint8Array,
  aliases: { user?: string[] } | undefined,
): (SpanRow | LogRow)[] {
  const isJson = value[0] === 0x7b
  if (kind === 'logs') return isJson ? decodeLogsJson(value) : decodeLogsProto(value)
  return applyPrincipalAliases(isJson ? decodeTracesJson(value) : decodeTracesProto(value), aliases)
}

/** What the engine stores from each path, every column, in one order. */
async function storedBothWays(
  values: readonly Uint8Array[],
  options: { aliases?: { user?: string[]; address?: string[] }; oldestKept?: string; kind?: SignalKind } = {},
): Promise<{ viaJson: string; viaNative: string; rows: number }> {
  const suffix = ++tables
  const kind = options.kind ?? 'spans'
  const table = kind === 'spans' ? 'otel_traces' : 'otel_logs'
  await store.command(`CREATE TABLE via_json_${suffix} AS ${table} ENGINE = Memory`)
  await store.command(`CREATE TABLE via_native_${suffix} AS ${table} ENGINE = Memory`)
  let rows: (SpanRow | LogRow)[] = []
  const bodies: MessageBody[] = []
  let encodedRows = 0
  for (const value of values) {
    rows = rows.concat(withinRetention(decodedRows(kind, value, options.aliases), options.oldestKept).kept)
    const encoded = encodeMessage(kind, value, DEFAULT_LIMITS, options.aliases, options.oldestKept)
    if (!encoded.ok) throw new Error(encoded.error)
    bodies.push(encoded.body)
    encodedRows += encoded.rows
  }
  const batch = joinBodies(bodies, encodedRows)
  expect(batch.format).toBe('Native')
  expect(batch.rows).toBe(rows.length)
  await store.insertEncoded(`via_json_${suffix}`, jsonEachRowBatch(encodeJsonEachRow(rows), rows.length))
  await store.insertEncoded(`via_native_${suffix}`, batch)
  const read = async (name: string): Promise<string> =>
    (
      await store.queryFormatted(
        `SELECT * FROM ${name} ORDER BY ${kind === 'spans' ? 'TraceId, SpanId, Timestamp, SpanName, toString(SpanAttributes)' : 'Timestamp, TraceId, SpanId, Body, toString(LogAttributes)'}`,
        {},
        'JSONEachRow',
      )
    ).toString()
  return { viaJson: await read(`via_json_${suffix}`), viaNative: await read(`via_native_${suffix}`), rows: rows.length }
}

describe('spans inserted as Native columns', () => {
  it('SDK spans, as protobuf and as OTLP/JSON: the same stored rows as through JSONEachRow', async () => {
    const spans = [...(await recordSpans()), ...(await recordSpans())]
    const { viaJson, viaNative, rows } = await storedBothWays([traceProto(spans), traceJson(spans)])
    expect(rows).toBe(2 * spans.length)
    expect(viaNative).toBe(viaJson)
  })

  it('escapes, every value type, events, links, duplicate and integer-like keys, several resources', async () => {
    const { viaJson, viaNative, rows } = await storedBothWays([awkward])
    expect(rows).toBe(4)
    expect(viaJson).toContain('"Events.Name":["exception","retry"]')
    expect(viaNative).toBe(viaJson)
  })

  it('principal aliases and the retention cut, as the rows get them', async () => {
    const { viaJson, viaNative, rows } = await storedBothWays([awkward], {
      aliases: { user: ['customer_id'], address: ['x-real-ip'] },
      oldestKept: '2026-11-01 00:00:00.000000000',
    })
    expect(rows).toBe(3)
    expect(viaJson).toContain('"user.id":"c-42"')
    expect(viaNative).toBe(viaJson)
  })

  it('times and durations at the edges: the epoch, the last DateTime64(9) instant, an end before the start', async () => {
    const edge = encodeTracesJsonAsProto({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', {
                  startTimeUnixNano: '0',
                  endTimeUnixNano: '9007199254740993',
                }),
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203332', {
                  startTimeUnixNano: '9223372036854775807',
                  endTimeUnixNano: '1',
                }),
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203333', {
                  attributes: Array.from({ length: 30 }, (_, i) => ({
                    key: `d${i}`,
                    value: { doubleValue: 1e-300 * i },
                  })),
                }),
              ],
            },
          ],
        },
      ],
    })
    const { viaJson, viaNative, rows } = await storedBothWays([edge])
    expect(rows).toBe(3)
    expect(viaNative).toBe(viaJson)
  })

  it('300 seeded random requests joined into one block', async () => {
    const next = random(20261128)
    const requests = Array.from({ length: 300 }, () => randomRequest(next))
    const { viaJson, viaNative, rows } = await storedBothWays(requests)
    expect(rows).toBeGreaterThan(600)
    expect(viaNative).toBe(viaJson)
  })
})

describe('logs inserted as Native columns', () => {
  it('SDK logs (string and structured bodies), as protobuf and as OTLP/JSON: the same stored rows', async () => {
    const logs = await recordLogs()
    const { viaJson, viaNative, rows } = await storedBothWays([logsProto(logs), logsJson(logs)], { kind: 'logs' })
    expect(rows).toBe(2 * logs.length)
    expect(viaNative).toBe(viaJson)
  })

  it('300 seeded random requests joined into one block, and the retention cut', async () => {
    const next = random(20261129)
    const requests = Array.from({ length: 300 }, () => randomLogs(next))
    const all = await storedBothWays(requests, { kind: 'logs' })
    expect(all.rows).toBeGreaterThan(600)
    expect(all.viaNative).toBe(all.viaJson)
    const cut = await storedBothWays(requests.slice(0, 40), {
      kind: 'logs',
      oldestKept: '2026-11-18 11:10:00.000000000',
    })
    expect(cut.rows).toBeGreaterThan(0)
    expect(cut.viaNative).toBe(cut.viaJson)
  })
})
