// Logs straight to JSONEachRow (and the gateway's row-less check): byte for
// byte the text of the rows decodeLogsProto gives, the same retention cut,
// the same refusals — on the SDK serializer's logs and on seeded random
// requests with bytes flipped.
import { describe, expect, it } from 'vitest'
import {
  checkLogsProto,
  decodeLogsProto,
  encodeLogsJsonAsProto,
  type LogRow,
  logsProtoToJsonEachRow,
  OtlpDecodeError,
  withinRetention,
} from '../src/index.ts'
import { logsProto, recordLogs } from './support/sdk-payloads.ts'

const jsonEachRow = (rows: readonly LogRow[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join('')

function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomText(next: () => number): string {
  const pieces = ['a', 'Z', ' ', '"', '\\', '\n', '\u0000', '\u001f', 'é', '€', '😀', '{']
  let text = next() < 0.05 ? '\ufeff' : ''
  const length = Math.floor(next() * 10)
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)]
  return text
}

function randomValue(next: () => number): Record<string, unknown> {
  const pick = next()
  if (pick < 0.5) return { stringValue: randomText(next) }
  if (pick < 0.6) return { boolValue: next() < 0.5 }
  if (pick < 0.75)
    return { intValue: String(Math.floor(next() * 2 ** (next() < 0.9 ? 20 : 62)) * (next() < 0.9 ? 1 : -1)) }
  if (pick < 0.85) return { doubleValue: next() < 0.2 ? 1e-300 : (next() - 0.5) * 1000 }
  if (pick < 0.92) return { kvlistValue: { values: [{ key: 'k', value: { stringValue: randomText(next) } }] } }
  return {}
}

const hex = (next: () => number, bytes: number): string =>
  Array.from({ length: bytes }, () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('')

function randomLogs(next: () => number): Uint8Array {
  const keys = ['code', 'dup', '3', '__proto__', '']
  const logRecords = Array.from({ length: 1 + Math.floor(next() * 6) }, () => ({
    ...(next() < 0.8 ? { timeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))) } : {}),
    observedTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))),
    severityNumber: Math.floor(next() * 25),
    ...(next() < 0.7 ? { severityText: randomText(next) } : {}),
    ...(next() < 0.9 ? { body: randomValue(next) } : {}),
    attributes: Array.from({ length: Math.floor(next() * 6) }, () => ({
      key: next() < 0.7 ? `${randomText(next)}${Math.floor(next() * 50)}` : keys[Math.floor(next() * keys.length)],
      value: randomValue(next),
    })),
    ...(next() < 0.5 ? { traceId: hex(next, 16), spanId: hex(next, 8), flags: Math.floor(next() * 512) } : {}),
  }))
  return encodeLogsJsonAsProto({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: randomText(next) } }] },
        schemaUrl: randomText(next),
        scopeLogs: [{ scope: { name: randomText(next), version: '1' }, schemaUrl: 'https://x', logRecords }],
      },
    ],
  })
}

function verdict(run: () => string): string {
  try {
    return run()
  } catch (err) {
    if (!(err instanceof OtlpDecodeError)) throw err
    return `refused: ${err.message}`
  }
}

describe('OTLP/protobuf logs straight to JSONEachRow', () => {
  it('the SDK serializer’s logs (string and structured bodies): byte for byte the rows’ text', async () => {
    const message = logsProto(await recordLogs())
    expect(logsProtoToJsonEachRow(message).body.toString()).toBe(jsonEachRow(decodeLogsProto(message)))
  })

  it('random requests, and random bytes of them flipped: the same text or the same refusal as the rows', () => {
    const next = random(27112026)
    let refused = 0
    let stored = 0
    for (let round = 0; round < 400; round++) {
      const damaged = Uint8Array.from(randomLogs(next))
      if (round % 2 === 1)
        for (let flips = 0; flips < 3; flips++) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256)
      const expected = verdict(() => jsonEachRow(decodeLogsProto(damaged)))
      expect(verdict(() => logsProtoToJsonEachRow(damaged).body.toString())).toBe(expected)
      // The gateway's check without rows: the same refusals, the same count.
      expect(verdict(() => `${checkLogsProto(damaged).kept}`)).toBe(verdict(() => `${decodeLogsProto(damaged).length}`))
      if (expected.startsWith('refused')) refused++
      else stored++
    }
    expect(refused).toBeGreaterThan(20)
    expect(stored).toBeGreaterThan(200)
  })

  it('leaves out and counts what the retention cut leaves out of the rows', () => {
    const message = randomLogs(random(7))
    const rows = decodeLogsProto(message)
    const oldestKept = [...rows.map((r) => r.Timestamp)].sort()[Math.floor(rows.length / 2)]!
    const { kept, rejected } = withinRetention(rows, oldestKept)
    const encoded = logsProtoToJsonEachRow(message, { oldestKept })
    expect(encoded.body.toString()).toBe(jsonEachRow(kept))
    expect({ rows: encoded.rows, rejected: encoded.rejected }).toEqual({ rows: kept.length, rejected })
    expect(checkLogsProto(message, { oldestKept })).toEqual({ kept: kept.length, rejected })
  })
})
