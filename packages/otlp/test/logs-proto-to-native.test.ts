// The logs' Native encoder keeps, leaves out and refuses exactly what the
// decoder does (what the engine stores from it is checked against the
// JSONEachRow path in pipelines/ingest/test/native-inserts.test.ts).
import { describe, expect, it } from 'vitest'
import { decodeLogsProto, logColumnsToNative, logsProtoToNative, withinRetention } from '../src/index.ts'
import { randomLogs } from './support/log-requests.ts'
import { damage, random, verdict } from './support/random-otlp.ts'

describe('OTLP/protobuf logs straight to Native columns', () => {
  it('random requests, and random bytes of them flipped: the same row count or the same refusal as the decoder', () => {
    const next = random(20261129)
    let refused = 0
    for (let round = 0; round < 400; round++) {
      const damaged = damage(randomLogs(next), round, next)
      const expected = verdict(() => `${decodeLogsProto(damaged).length} rows`)
      expect(verdict(() => `${logsProtoToNative(damaged).rows} rows`)).toBe(expected)
      if (expected.startsWith('refused')) refused++
    }
    expect(refused).toBeGreaterThan(20)
  })

  it('leaves out and counts what the retention cut leaves out', () => {
    // A seeded request of three records or more, so that a cut in the middle leaves some out.
    const next = random(7)
    let message = randomLogs(next)
    while (decodeLogsProto(message).length < 3) message = randomLogs(next)
    const rows = decodeLogsProto(message)
    const oldestKept = [...rows.map((r) => r.Timestamp)].sort()[Math.floor(rows.length / 2)]!
    const { kept, rejected } = withinRetention(rows, oldestKept)
    expect(rejected).toBeGreaterThan(0)
    expect(logsProtoToNative(message, { oldestKept })).toMatchObject({ rows: kept.length, rejected })
  })

  it('a block starts with its column and row counts', () => {
    const { columns, rows } = logsProtoToNative(randomLogs(random(3)))
    const block = logColumnsToNative([columns])
    expect(block[0]).toBe(15) // otel_logs' columns
    expect(block[1]).toBe(rows)
  })
})
