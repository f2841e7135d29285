// OTLP trace requests the encoder tests share: one awkward request (escapes,
// every value type, duplicate and integer-like keys, events, links, several
// resources and scopes) and seeded random ones.
import { encodeTracesJsonAsProto } from '../../src/index.ts'
import { hex, randomAttributes, randomText } from './random-otlp.ts'

export const span = (
  traceId: string,
  spanId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  traceId,
  spanId,
  name: 'GET /orders/:id',
  kind: 2,
  startTimeUnixNano: '1795000000123456789',
  endTimeUnixNano: '1795000000223456789',
  ...extra,
})

/** Two resources, three scopes, strings JSON must escape, every value type, duplicate and integer-like keys. */
export const awkward = encodeTracesJsonAsProto({
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

export function randomRequest(next: () => number): Uint8Array {
  const spans = Array.from({ length: 1 + Math.floor(next() * 6) }, () => ({
    traceId: hex(next, 16),
    spanId: hex(next, 8),
    ...(next() < 0.5 ? { parentSpanId: hex(next, 8) } : {}),
    ...(next() < 0.2 ? { traceState: randomText(next) } : {}),
    name: randomText(next),
    kind: Math.floor(next() * 7),
    startTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))),
    endTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))),
    attributes: randomAttributes(next, 8),
    ...(next() < 0.1 ? { events: [{ timeUnixNano: '1795000000000000000', name: randomText(next) }] } : {}),
    ...(next() < 0.3 ? { status: { code: Math.floor(next() * 4), message: randomText(next) } } : {}),
  }))
  return encodeTracesJsonAsProto({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: randomText(next) } }] },
        scopeSpans: [{ scope: { name: randomText(next) }, spans }],
      },
    ],
  })
}
