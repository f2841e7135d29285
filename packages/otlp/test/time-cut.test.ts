// The check's retention cut compares a time's 32-bit halves with the cut's
// (src/time-cut.ts) instead of formatting the time and comparing strings, as
// the decoder's path does. The two must agree for every time and every cut
// text the store can give: random times near random cuts, with 0–9 digits
// after the point, and the edges (equal, one nanosecond either side, a
// second's and a millisecond's boundary).
import { describe, expect, it } from 'vitest'
import { checkTracesProto } from '../src/check-in-place.ts'
import { decodeTracesProto } from '../src/decode-traces-proto.ts'
import { encodeTracesJsonAsProto } from '../src/encode-json-as-proto.ts'
import { createTimestampFormatter } from '../src/format-timestamp.ts'
import { isBeforeCut, timeCut } from '../src/time-cut.ts'
import { random, verdict } from './support/random-otlp.ts'

const format = createTimestampFormatter()
const halves = (nanos: bigint): [number, number] => [Number(nanos >> 32n), Number(nanos & 0xffff_ffffn)]

describe('retention cut by halves', () => {
  it('agrees with the string comparison of the formatted time, near and far from random cuts', () => {
    const next = random(20261127)
    let compared = 0
    let before = 0
    for (let round = 0; round < 3000; round++) {
      // Cuts from 1970 to 2262, with 0–9 digits after the point (the store gives 3 or 9).
      const cutNanos = BigInt(Math.floor(next() * 9.2e9)) * 1_000_000_000n + BigInt(Math.floor(next() * 1e9))
      const digits = Math.floor(next() * 10)
      const full = format(cutNanos)
      const text = digits === 0 ? full.slice(0, 19) : full.slice(0, 20 + digits)
      const cut = timeCut(text)
      expect(cut, text).toBeDefined()
      const offsets = [0n, 1n, -1n, 999n, -1000n, 1_000_000n, -1_000_000n, 1_000_000_000n, -1_000_000_000n]
      offsets.push(BigInt(Math.floor((next() - 0.5) * 2e12)))
      for (const offset of offsets) {
        const nanos = cutNanos + offset
        if (nanos < 0n || nanos > 9_223_372_036_854_775_807n) continue
        const [high, low] = halves(nanos)
        const expected = format(nanos) < text
        expect(isBeforeCut(high, low, cut!), `${format(nanos)} vs ${text}`).toBe(expected)
        compared++
        if (expected) before++
      }
    }
    // Both answers were exercised.
    expect(before).toBeGreaterThan(compared / 10)
    expect(compared - before).toBeGreaterThan(compared / 10)
  })

  it('leaves a text that is not a time of the store’s form to the string comparison', () => {
    for (const text of [
      '',
      'yesterday',
      '2026-02-30 00:00:00.000',
      '2026-11-01T00:00:00Z',
      '2026-11-01 24:00:00',
      '1969-12-31 23:59:59',
    ])
      expect(timeCut(text), text).toBeUndefined()
    expect(timeCut('2026-11-01 00:00:00.000')).toBeDefined()
  })

  it('the check refuses a time the store cannot hold, as the decoder does, and counts the last one it can', () => {
    const request = (start: string) =>
      encodeTracesJsonAsProto({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '0af7651916cd43dd8448eb211c80319c',
                    spanId: 'b7ad6b7169203331',
                    name: 'late',
                    startTimeUnixNano: start,
                    endTimeUnixNano: start,
                  },
                ],
              },
            ],
          },
        ],
      })
    for (const start of ['9223372036854775807', '9223372036854775808', '18446744073709551615']) {
      const body = request(start)
      const expected = verdict(() => `${decodeTracesProto(body).length}`)
      expect(
        verdict(() => `${checkTracesProto(body).kept}`),
        start,
      ).toBe(expected)
    }
    expect(checkTracesProto(request('9223372036854775807')).kept).toBe(1)
    expect(verdict(() => `${checkTracesProto(request('9223372036854775808')).kept}`)).toMatch(/refused|2262/)
  })
})
