// The Native encoder keeps, leaves out and refuses exactly what the decoder
// does (what the engine stores from it is checked against the JSONEachRow
// path in pipelines/ingest/test/native-spans.test.ts).
import { describe, expect, it } from 'vitest'
import { decodeTracesProto, spanColumnsToNative, tracesProtoToNative, withinRetention } from '../src/index.ts'
import { damage, random, verdict } from './support/random-otlp.ts'
import { awkward, randomRequest } from './support/trace-requests.ts'

describe('OTLP/protobuf traces straight to Native columns', () => {
  it('random requests, and random bytes of them flipped: the same row count or the same refusal as the decoder', () => {
    const next = random(20261128)
    let refused = 0
    for (let round = 0; round < 400; round++) {
      const damaged = damage(randomRequest(next), round, next)
      const expected = verdict(() => `${decodeTracesProto(damaged).length} rows`)
      expect(verdict(() => `${tracesProtoToNative(damaged).rows} rows`)).toBe(expected)
      if (expected.startsWith('refused')) refused++
    }
    expect(refused).toBeGreaterThan(20)
  })

  it('refuses every truncation the decoder refuses', () => {
    for (let cut = 1; cut < awkward.length; cut += 3) {
      const part = awkward.subarray(0, cut)
      expect(verdict(() => `${tracesProtoToNative(part).rows} rows`)).toBe(
        verdict(() => `${decodeTracesProto(part).length} rows`),
      )
    }
  })

  it('leaves out and counts what the retention cut leaves out', () => {
    const oldestKept = '2026-11-01 00:00:00.000000000'
    const { kept, rejected } = withinRetention(decodeTracesProto(awkward), oldestKept)
    expect(tracesProtoToNative(awkward, { oldestKept })).toMatchObject({ rows: kept.length, rejected })
  })

  it('a block starts with its column and row counts, then each column’s name and type', () => {
    const { columns, rows } = tracesProtoToNative(awkward)
    const block = spanColumnsToNative([columns, columns])
    expect(block[0]).toBe(22) // otel_traces' columns, Nested ones flattened
    expect(block[1]).toBe(2 * rows)
    expect(block.subarray(2, 2 + 1 + 'Timestamp'.length).toString('latin1')).toBe('\u0009Timestamp')
  })
})
