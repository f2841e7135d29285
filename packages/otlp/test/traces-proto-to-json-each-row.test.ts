// The one-pass encoder gives the JSONEachRow text of exactly the rows
// decodeTracesProto gives (byte for byte: the insert must not depend on which
// path made it), with principal aliases and the retention cut applied the same
// way, and refuses exactly what the decoder refuses.
import { describe, expect, it } from 'vitest'
import {
  applyPrincipalAliases,
  decodeTracesProto,
  encodeTracesJsonAsProto,
  OtlpDecodeError,
  type SpanRow,
  tracesProtoToJsonEachRow,
  withinRetention,
} from '../src/index.ts'
import { recordSpans, traceProto } from './support/sdk-payloads.ts'

/** The contract: one JSON.stringify'd row per line. */
const jsonEachRow = (rows: readonly SpanRow[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join('')

const span = (traceId: string, spanId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  traceId,
  spanId,
  name: 'GET /orders/:id',
  kind: 2,
  startTimeUnixNano: '1795000000123456789',
  endTimeUnixNano: '1795000000223456789',
  ...extra,
})

/** Two resources, three scopes, strings JSON must escape, every value type, duplicate and integer-like keys. */
const awkward = encodeTracesJsonAsProto({
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'orders "eu"\n' } },
          { key: 'host.name', value: { stringValue: 'höst-ü-😀' } },
        ],
      },
      scopeSpans: [
        {
          scope: { name: 'http\\server', version: '1.0\t' },
          spans: [
            span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', {
              traceState: 'k=v,"x"',
              parentSpanId: '00f067aa0ba902b7',
              attributes: [
                { key: 'http.route', value: { stringValue: '/orders/:id' } },
                { key: 'dup', value: { stringValue: 'first' } },
                { key: '10', value: { intValue: '7' } },
                { key: '2', value: { boolValue: true } },
                { key: 'dup', value: { stringValue: 'second' } },
                { key: 'ratio', value: { doubleValue: 0.1 } },
                { key: 'big', value: { intValue: '-9223372036854775808' } },
                { key: 'raw', value: { bytesValue: 'AAEC/w==' } },
                { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a"b' }, { intValue: '3' }] } } },
                { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: '\u0001' } }] } } },
                { key: 'ctl\u0000key', value: { stringValue: '</script>\u2028' } },
              ],
              events: [
                {
                  timeUnixNano: '1795000000150000000',
                  name: 'exception',
                  attributes: [{ key: 'exception.message', value: { stringValue: 'boom\r\n"quoted"' } }],
                },
                { timeUnixNano: '1795000000160000000', name: 'retry' },
              ],
              links: [
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: '00f067aa0ba902b7',
                  traceState: 'a=b',
                  attributes: [{ key: 'link.kind', value: { stringValue: 'follows' } }],
                },
              ],
              status: { code: 2, message: 'failed: "x"' },
            }),
            span('0af7651916cd43dd8448eb211c80319c', 'c7ad6b7169203332', {
              kind: 3,
              endTimeUnixNano: '1795000000000000000',
              attributes: [{ key: 'customer_id', value: { stringValue: 'c-42' } }],
            }),
          ],
        },
        { scope: { name: 'db' }, spans: [span('1af7651916cd43dd8448eb211c80319c', 'd7ad6b7169203333')] },
      ],
    },
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'users' } }] },
      scopeSpans: [
        {
          spans: [
            span('2af7651916cd43dd8448eb211c80319c', 'e7ad6b7169203334', {
              startTimeUnixNano: '1700000000000000000',
              attributes: [{ key: 'x-real-ip', value: { stringValue: '203.0.113.9' } }],
            }),
          ],
        },
      ],
    },
  ],
})

describe('OTLP/protobuf traces straight to JSONEachRow', () => {
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
  })

  it('refuses what the decoder refuses: every truncation, a lower limit', () => {
    const verdict = (run: () => unknown): string => {
      try {
        run()
        return 'ok'
      } catch (err) {
        if (!(err instanceof OtlpDecodeError)) throw err
        return err.message
      }
    }
    for (let cut = 1; cut < awkward.length; cut += 3) {
      const part = awkward.subarray(0, cut)
      expect(verdict(() => tracesProtoToJsonEachRow(part))).toBe(verdict(() => decodeTracesProto(part)))
    }
    expect(() => tracesProtoToJsonEachRow(awkward, { limits: { maxRecords: 3 } })).toThrow(/more than 3 spans/)
    expect(() => tracesProtoToJsonEachRow(awkward, { limits: { maxAttributes: 4 } })).toThrow(/more than 4 attributes/)
  })
})
