import { describe, expect, it } from 'vitest'
import { decodeTracesProto, splitTracesProtoByTrace } from '../src/index.ts'
import { recordSpans, traceProto } from './support/sdk-payloads.ts'

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
})
