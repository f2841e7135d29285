// The one-pass encoder (and the gateway's row-less check) gives the JSONEachRow text of exactly the rows
// decodeTracesProto gives (byte for byte: the insert must not depend on which
// path made it), with principal aliases and the retention cut applied the same
// way, and refuses exactly what the decoder refuses.
import { describe, expect, it } from 'vitest'
import {
  applyPrincipalAliases,
  checkTracesProto,
  decodeTracesProto,
  encodeTracesJsonAsProto,
  tracesProtoToJsonEachRow,
  withinRetention,
} from '../src/index.ts'
import { forEachSpan } from '../src/decode-traces-proto.ts'
import { SpanScan } from '../src/span-scan.ts'
import { DEFAULT_LIMITS } from '../src/index.ts'
import { damage, jsonEachRow, random, verdict } from './support/random-otlp.ts'
import { awkward, randomRequest, span } from './support/trace-requests.ts'
import { recordSpans, traceProto } from './support/sdk-payloads.ts'

describe('OTLP/protobuf traces straight to JSONEachRow', () => {
  it('random requests, and random bytes of them flipped: the same text or the same refusal as the rows', () => {
    const next = random(20261127)
    let scanned = 0
    let refused = 0
    for (let round = 0; round < 400; round++) {
      const damaged = damage(randomRequest(next), round, next)
      const expected = verdict(() => jsonEachRow(decodeTracesProto(damaged)))
      expect(verdict(() => tracesProtoToJsonEachRow(damaged).body.toString())).toBe(expected)
      // The gateway's check without rows: the same refusals, the same count.
      const counted = verdict(() => `${decodeTracesProto(damaged).length}`)
      expect(verdict(() => `${checkTracesProto(damaged).kept}`)).toBe(counted)
      if (expected.startsWith('refused')) refused++
      try {
        const scan = new SpanScan(DEFAULT_LIMITS)
        forEachSpan(damaged, DEFAULT_LIMITS, (span) => {
          if (scan.read(span.buf, span.pos, span.end)) scanned++
        })
      } catch {
        // a malformed request: the walker refuses it before any span
      }
    }
    // Both paths were exercised: spans written from their bytes, and requests refused.
    expect(scanned).toBeGreaterThan(300)
    expect(refused).toBeGreaterThan(20)
  })

  it('an ordinary span is written from its bytes, not through the decoder', () => {
    const ordinary = encodeTracesJsonAsProto({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', {
                  attributes: [
                    { key: 'http.route', value: { stringValue: '/orders/:id' } },
                    { key: 'http.response.status_code', value: { intValue: '200' } },
                    { key: 'retry', value: { boolValue: false } },
                    { key: 'ratio', value: { doubleValue: 0.25 } },
                  ],
                  status: { code: 1 },
                }),
              ],
            },
          ],
        },
      ],
    })
    const scan = new SpanScan(DEFAULT_LIMITS)
    const read: boolean[] = []
    forEachSpan(ordinary, DEFAULT_LIMITS, (s) => read.push(scan.read(s.buf, s.pos, s.end)))
    expect(read).toEqual([true])
    expect(scan.attributeCount).toBe(4)
    expect(tracesProtoToJsonEachRow(ordinary).body.toString()).toBe(jsonEachRow(decodeTracesProto(ordinary)))
  })

  it('the SDK serializer’s spans: byte for byte what the rows encode to', async () => {
    const message = traceProto([...(await recordSpans()), ...(await recordSpans())])
    const rows = decodeTracesProto(message)
    const encoded = tracesProtoToJsonEachRow(message)
    expect(encoded.body.toString()).toBe(jsonEachRow(rows))
    expect(encoded).toMatchObject({ rows: rows.length, rejected: 0 })
  })

  it('escapes, every value type, duplicate and integer-like keys, several resources and scopes', () => {
    const rows = decodeTracesProto(awkward)
    expect(rows).toHaveLength(4)
    expect(tracesProtoToJsonEachRow(awkward).body.toString()).toBe(jsonEachRow(rows))
  })

  it('doubles whose digits outgrow their eight bytes many times over (1e-300) are written whole', () => {
    const tiny = encodeTracesJsonAsProto({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', {
                  attributes: Array.from({ length: 30 }, (_, i) => ({ key: `d${i}`, value: { doubleValue: 1e-300 } })),
                }),
              ],
            },
          ],
        },
      ],
    })
    expect(tracesProtoToJsonEachRow(tiny).body.toString()).toBe(jsonEachRow(decodeTracesProto(tiny)))
  })

  it('applies principal aliases as the rows get them', () => {
    const aliases = { user: ['customer_id'], address: ['x-real-ip'] }
    const rows = applyPrincipalAliases(decodeTracesProto(awkward), aliases)
    expect(rows.map((r) => r.SpanAttributes['user.id'] ?? r.SpanAttributes['client.address'])).toContain('c-42')
    expect(tracesProtoToJsonEachRow(awkward, { aliases }).body.toString()).toBe(jsonEachRow(rows))
  })

  it('leaves out and counts what the retention cut leaves out of the rows', () => {
    const oldestKept = '2026-11-01 00:00:00.000000000'
    const { kept, rejected } = withinRetention(decodeTracesProto(awkward), oldestKept)
    expect(rejected).toBe(1)
    const encoded = tracesProtoToJsonEachRow(awkward, { oldestKept })
    expect(encoded.body.toString()).toBe(jsonEachRow(kept))
    expect(encoded).toMatchObject({ rows: 3, rejected: 1 })
    expect(checkTracesProto(awkward, { oldestKept })).toEqual({ kept: 3, rejected: 1 })
  })

  it('refuses what the decoder refuses: every truncation, a lower limit', () => {
    for (let cut = 1; cut < awkward.length; cut += 3) {
      const part = awkward.subarray(0, cut)
      expect(verdict(() => tracesProtoToJsonEachRow(part).body.toString())).toBe(
        verdict(() => jsonEachRow(decodeTracesProto(part))),
      )
    }
    expect(() => tracesProtoToJsonEachRow(awkward, { limits: { maxRecords: 3 } })).toThrow(/more than 3 spans/)
    expect(() => tracesProtoToJsonEachRow(awkward, { limits: { maxAttributes: 4 } })).toThrow(/more than 4 attributes/)
  })
})
