// How a Kafka message's encoding is told: OTLP/JSON starts with `{` after
// whitespace, and a protobuf request can too — 0x0a (field 1's tag) reads as a
// newline and a first field of 123 bytes as a brace. Found by the Native
// equivalence test's random requests: such a request was dead-lettered as bad
// JSON.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, encodeTracesJsonAsProto } from '@tracehound/otlp'
import { encodeMessage } from '../src/message-decoder.ts'

const request = (serviceName: string) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'GET /orders/:id',
              startTimeUnixNano: '1795000000123456789',
              endTimeUnixNano: '1795000000223456789',
            },
          ],
        },
      ],
    },
  ],
})

describe('telling OTLP/JSON from protobuf', () => {
  it('a protobuf request that begins with a newline and a brace is decoded as protobuf', () => {
    const padded = Array.from({ length: 120 }, (_, n) => encodeTracesJsonAsProto(request('s'.repeat(n + 1))))
    const braced = padded.find((value) => value[0] === 0x0a && value[1] === 0x7b)
    expect(braced).toBeDefined()
    const encoded = encodeMessage('spans', braced!, DEFAULT_LIMITS, undefined, undefined)
    expect(encoded).toMatchObject({ ok: true, rows: 1, rejected: 0 })
  })

  it('OTLP/JSON after leading whitespace is still JSON', () => {
    for (const lead of ['', '\n', ' \r\n\t']) {
      const encoded = encodeMessage(
        'spans',
        Buffer.from(`${lead}${JSON.stringify(request('orders'))}`),
        DEFAULT_LIMITS,
        undefined,
        undefined,
      )
      expect(encoded).toMatchObject({ ok: true, rows: 1 })
    }
  })
})
