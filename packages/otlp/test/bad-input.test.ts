// Malformed, truncated and absurd input is refused with an error that says
// what is wrong; nothing is half-decoded.
import { describe, expect, it } from 'vitest'
import { decodeLogsJson, decodeTracesJson, decodeTracesProto, OtlpDecodeError } from '../src/index.ts'
import { recordSpans, traceJson, traceProto } from './support/sdk-payloads.ts'

const valid = traceProto(await recordSpans())

describe('bad OTLP input', () => {
  it('every truncation of a valid protobuf message is refused, never half-decoded', () => {
    let refused = 0
    for (let cut = 1; cut < valid.length; cut += 7) {
      try {
        decodeTracesProto(valid.subarray(0, cut))
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError)
        refused++
      }
      // A cut can land exactly between two top-level fields: then it is a valid, shorter message.
    }
    expect(refused).toBeGreaterThan(valid.length / 7 - 3)
    expect(() => decodeTracesProto(valid.subarray(0, valid.length - 3))).toThrow(/truncated protobuf/)
  })

  it('invalid UTF-8 in a string field', () => {
    // ExportTraceServiceRequest{ resource_spans { scope_spans { spans { name: 0xff 0xfe } } } }
    const span = [0x2a, 0x02, 0xff, 0xfe]
    const scopeSpans = [0x12, span.length, ...span]
    const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans]
    const message = Uint8Array.from([0x0a, resourceSpans.length, ...resourceSpans])
    expect(() => decodeTracesProto(message)).toThrow(/invalid UTF-8/)
  })

  it('absurd attribute counts are refused at the limit', () => {
    expect(() => decodeTracesProto(valid, { maxAttributes: 3 })).toThrow(/more than 3 attributes/)
  })

  it('ids of the wrong length, missing ids, garbage bytes', async () => {
    const json = JSON.parse(Buffer.from(traceJson(await recordSpans())).toString()) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[]
    }
    const span = json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!
    span['traceId'] = 'abc'
    expect(() => decodeTracesJson(JSON.stringify(json))).toThrow(/traceId must be 32 hex characters/)
    delete span['traceId']
    expect(() => decodeTracesJson(JSON.stringify(json))).toThrow(/has no traceId/)
    expect(() => decodeTracesProto(Uint8Array.from([0x0f, 0x01]))).toThrow(OtlpDecodeError)
  })

  it('JSON that is not OTLP', () => {
    expect(() => decodeTracesJson('{"resourceSpans": ')).toThrow(/not valid JSON/)
    expect(() => decodeTracesJson('[1,2]')).toThrow(/must be a JSON object/)
    expect(() => decodeTracesJson('{"resourceSpans": {"x": 1}}')).toThrow(/resourceSpans must be an array/)
    expect(() => decodeTracesJson(Uint8Array.from([0x7b, 0xff, 0x7d]))).toThrow(/not valid UTF-8/)
    // Unknown fields are ignored, as the OTLP/JSON rules require.
    expect(decodeTracesJson('{"resourceSpans": [], "somethingNew": 1}')).toEqual([])
  })

  it('times the store cannot hold and lone surrogates are refused at decode, not at the insert', async () => {
    const fresh = async () =>
      JSON.parse(Buffer.from(traceJson(await recordSpans())).toString()) as {
        resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[]
      }
    for (const time of ['18446744073709551615', '99999999999999999999', '9223372036854775808']) {
      const json = await fresh()
      json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!['startTimeUnixNano'] = time
      expect(() => decodeTracesJson(JSON.stringify(json)), time).toThrow(/after 2262-04-11/)
    }
    const json = await fresh()
    json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!['startTimeUnixNano'] = '9223372036854775807'
    expect(decodeTracesJson(JSON.stringify(json))[0]!.Timestamp).toBe('2262-04-11 23:47:16.854775807')
    const text = JSON.stringify(await fresh()).replace(/"name":"([^"]*)"/, '"name":"\\ud800$1"')
    expect(text).toContain('\\ud800')
    expect(() => decodeTracesJson(text)).toThrow(/lone UTF-16 surrogate/)
    // A pair is a character, not an error.
    const paired = JSON.stringify(await fresh()).replace(/"name":"/, '"name":"\\ud83d\\ude00')
    expect(JSON.stringify(decodeTracesJson(paired))).toContain('\u{1F600}')
  })

  it('null where an object is expected, anywhere, is a decode error naming the place; a byte-order mark is read past', async () => {
    for (const body of [
      '{"resourceSpans":[null]}',
      '{"resourceSpans":[{"scopeSpans":[null]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[null]}]}]}',
      '{"resourceSpans":[{"resource":{"attributes":[null]},"scopeSpans":[]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0123456789abcdef0123456789abcdef","spanId":"0123456789abcdef","events":[null]}]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0123456789abcdef0123456789abcdef","spanId":"0123456789abcdef","links":[7]}]}]}]}',
    ]) {
      expect(() => decodeTracesJson(body), body).toThrow(OtlpDecodeError)
      expect(() => decodeTracesJson(body), body).toThrow(/must be an object, got (null|number)/)
    }
    expect(() => decodeLogsJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":[null]}]}]}')).toThrow(
      /logRecords\[0\] must be an object, got null/,
    )
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(traceJson(await recordSpans()))])
    expect(decodeTracesJson(withBom).length).toBeGreaterThan(0)
  })

  it('a message with more spans or log records than the limit is refused before they are decoded', () => {
    const span = (i: number) => ({
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: i.toString(16).padStart(16, '0'),
      name: 's',
      startTimeUnixNano: '1795600800000000000',
    })
    const body = (n: number) =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: n }, (_, i) => span(i + 1)) }] }] })
    expect(decodeTracesJson(body(10), { maxRecords: 10 })).toHaveLength(10)
    expect(() => decodeTracesJson(body(11), { maxRecords: 10 })).toThrow(
      /more than 10 spans in one request: send smaller batches/,
    )
    // Spread over scopes and resources, the count is per message.
    const spread = JSON.stringify({
      resourceSpans: Array.from({ length: 3 }, () => ({
        scopeSpans: [{ spans: [span(1), span(2), span(3), span(4)] }],
      })),
    })
    expect(() => decodeTracesJson(spread, { maxRecords: 10 })).toThrow(/more than 10 spans/)
    const logs = JSON.stringify({
      resourceLogs: [
        { scopeLogs: [{ logRecords: Array.from({ length: 11 }, () => ({ timeUnixNano: '1795600800000000000' })) }] },
      ],
    })
    expect(() => decodeLogsJson(logs, { maxRecords: 10 })).toThrow(/more than 10 log records/)
    // Counted before parsing: a body past the limit is refused without JSON.parse (so even broken JSON says "too many").
    const unparsed = `{"resourceSpans":[{"scopeSpans":[{"spans":[${Array.from({ length: 11 }, () => '{"startTimeUnixNano":"1"}').join(',')}`
    expect(() => decodeTracesJson(unparsed, { maxRecords: 10 })).toThrow(/more than 10 spans/)
    // The key quoted inside a string value is escaped, so it is not counted: no false refusal.
    const quoted = { key: 'note', value: { stringValue: '"startTimeUnixNano" '.repeat(50) } }
    const one = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ ...span(1), attributes: [quoted] }] }] }],
    })
    expect(decodeTracesJson(one, { maxRecords: 10 })).toHaveLength(1)
    // A body that hides its keys behind escapes passes the pre-count and is refused after parsing.
    const hidden = body(11).replaceAll('"startTimeUnixNano"', '"startTimeUnix\\u004eano"')
    expect(() => decodeTracesJson(hidden, { maxRecords: 10 })).toThrow(/more than 10 spans/)
    const protoSpans = decodeTracesProto(valid).length
    expect(protoSpans).toBeGreaterThan(1)
    expect(() => decodeTracesProto(valid, { maxRecords: protoSpans - 1 })).toThrow(/spans in one request/)
  })
})
