// Logs straight to JSONEachRow (and the gateway's row-less check): byte for
// byte the text of the rows decodeLogsProto gives, the same retention cut,
// the same refusals — on the SDK serializer's logs and on seeded random
// requests with bytes flipped.
import { describe, expect, it } from 'vitest'
import { checkLogsProto, decodeLogsProto, logsProtoToJsonEachRow, withinRetention } from '../src/index.ts'
import { randomLogs } from './support/log-requests.ts'
import { damage, jsonEachRow, random, verdict } from './support/random-otlp.ts'
import { logsProto, recordLogs } from './support/sdk-payloads.ts'

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
      const damaged = damage(randomLogs(next), round, next)
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
