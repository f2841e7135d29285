import { describe, expect, it } from 'vitest'
import { decodeTracesProto, splitTracesProtoByGroup, splitTracesProtoByTrace } from '../src/index.ts'
import { recordSpans, traceProto } from './support/sdk-payloads.ts'

const hexOf = (id: Uint8Array, at: number, length: number): string =>
  Buffer.from(id.subarray(at, at + length)).toString('hex')

/** A length-delimited protobuf field (field numbers and lengths < 128 here). */
const field = (number: number, bytes: number[]): number[] => [(number << 3) | 2, bytes.length, ...bytes]

describe('splitting a request by trace', () => {
  it('gives one valid request per trace whose rows are exactly that trace’s rows', async () => {
    const first = await recordSpans()
    const second = await recordSpans()
    const buf = traceProto([...first, ...second])
    const whole = decodeTracesProto(buf)
    const parts = splitTracesProtoByTrace(buf)
    const traceIds = [...new Set(whole.map((r) => r.TraceId))]
    expect(parts.map((p) => p.traceId).sort()).toEqual(traceIds.sort())
    for (const part of parts) {
      const rows = decodeTracesProto(part.message)
      expect(rows.every((r) => r.TraceId === part.traceId)).toBe(true)
      expect(rows).toHaveLength(part.spans)
      expect(rows).toEqual(whole.filter((r) => r.TraceId === part.traceId))
    }
    expect(parts.reduce((n, p) => n + p.spans, 0)).toBe(whole.length)
  })

  it('groups whole traces: each group holds exactly the rows of the traces given its number', async () => {
    const buf = traceProto([...(await recordSpans()), ...(await recordSpans()), ...(await recordSpans())])
    const whole = decodeTracesProto(buf)
    const traceIds = [...new Set(whole.map((r) => r.TraceId))]
    const groupOf = (traceId: string): number => traceIds.indexOf(traceId) % 2
    const parts = splitTracesProtoByGroup(buf, (id, at, length) => groupOf(hexOf(id, at, length)))
    expect(parts.map((p) => p.group).sort()).toEqual([0, 1])
    for (const part of parts) {
      const rows = decodeTracesProto(part.message)
      expect(rows).toEqual(whole.filter((r) => groupOf(r.TraceId) === part.group))
      expect(rows).toHaveLength(part.spans)
      expect(groupOf(part.traceId)).toBe(part.group)
    }
  })

  it('finds a trace id that is not the span’s first field, and groups spans without one apart', () => {
    const traceA = Array.from({ length: 16 }, (_, i) => i + 1)
    const spanId = (n: number) => Array.from({ length: 8 }, (_, i) => n * 16 + i)
    const name = [...Buffer.from('op')]
    // Span fields: 1 trace_id, 2 span_id, 5 name — written in another order than usual.
    const spans = [
      field(2, [...field(2, spanId(1)), ...field(1, traceA), ...field(5, name)]),
      field(2, [...field(1, traceA), ...field(2, spanId(2)), ...field(5, name)]),
      field(2, [...field(2, spanId(3)), ...field(5, name)]),
    ]
    const buf = new Uint8Array(field(1, field(2, spans.flat())))
    const seen: string[] = []
    const parts = splitTracesProtoByGroup(buf, (id, at, length) => {
      seen.push(hexOf(id, at, length))
      return length === 0 ? -1 : 7
    })
    const hexA = Buffer.from(traceA).toString('hex')
    expect(seen).toEqual([hexA, hexA, ''])
    expect(parts.map((p) => [p.group, p.traceId, p.spans])).toEqual([
      [7, hexA, 2],
      [-1, '', 1],
    ])
  })
})
