// OTLP/JSON re-encoded as protobuf decodes to exactly the rows the SDK's own
// protobuf serializer gives for the same spans and logs (attributes of every
// type, events, links, status, resource and scope), and size-splitting keeps
// every item, in order, within the limit.
import { describe, expect, it } from 'vitest'
import {
  decodeLogsProto,
  decodeTracesJson,
  decodeTracesProto,
  encodeLogsJsonAsProto,
  encodeTracesJsonAsProto,
  ItemTooLargeError,
  parseJsonBody,
  splitProtoBySize,
} from '../src/index.ts'
import { logsJson, logsProto, recordLogs, recordSpans, traceJson, traceProto } from './support/sdk-payloads.ts'

describe('OTLP/JSON as OTLP/protobuf', () => {
  it('traces: the same rows as the SDK protobuf serializer', async () => {
    const spans = [...(await recordSpans()), ...(await recordSpans())]
    const encoded = encodeTracesJsonAsProto(parseJsonBody(traceJson(spans)))
    const rows = decodeTracesProto(encoded)
    expect(rows).toEqual(decodeTracesProto(traceProto(spans)))
    expect(rows).toEqual(decodeTracesJson(traceJson(spans)))
    expect(rows.some((r) => r['Links.TraceId'].length > 0 && r['Events.Name'].length > 0)).toBe(true)
  })

  it('logs: the same rows as the SDK protobuf serializer (string and structured bodies)', async () => {
    const logs = await recordLogs()
    const rows = decodeLogsProto(encodeLogsJsonAsProto(parseJsonBody(logsJson(logs))))
    expect(rows).toEqual(decodeLogsProto(logsProto(logs)))
    expect(rows).toHaveLength(2)
  })

  it('keeps an empty string value and a zero integer as values, not as absent', () => {
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'x',
                  startTimeUnixNano: '1795000000000000000',
                  endTimeUnixNano: '1795000000000000001',
                  attributes: [
                    { key: 'empty', value: { stringValue: '' } },
                    { key: 'zero', value: { intValue: '0' } },
                    { key: 'negative', value: { intValue: '-5' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }
    const [row] = decodeTracesProto(encodeTracesJsonAsProto(request))
    expect(row?.SpanAttributes).toEqual(decodeTracesJson(JSON.stringify(request))[0]?.SpanAttributes)
    expect(row?.SpanAttributes).toEqual({ empty: '', zero: '0', negative: '-5' })
  })
})

describe('splitting a request by size', () => {
  it('gives requests within the limit that hold every item once, in order', async () => {
    const spans = []
    for (let i = 0; i < 30; i++) spans.push(...(await recordSpans()))
    const buf = traceProto(spans)
    const whole = decodeTracesProto(buf)
    const limit = Math.ceil(buf.length / 7)
    const parts = splitProtoBySize(buf, limit)
    expect(parts.length).toBeGreaterThanOrEqual(7)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit)
    expect(parts.flatMap((p) => decodeTracesProto(p))).toEqual(whole)
    expect(splitProtoBySize(buf, buf.length)).toEqual([buf])
  })

  it('refuses an item larger than the limit on its own, saying so', async () => {
    const buf = traceProto(await recordSpans())
    expect(() => splitProtoBySize(buf, 100)).toThrow(ItemTooLargeError)
    expect(() => splitProtoBySize(buf, 100)).toThrow(/larger than the 100-byte message limit/)
  })
})
