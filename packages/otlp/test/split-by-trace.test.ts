import { describe, expect, it } from 'vitest'
import { decodeTracesProto, splitTracesProtoByGroup, splitTracesProtoByTrace } from '../src/index.ts'
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

  it('groups whole traces: each group holds exactly the rows of the traces given its number', async () => {
    const buf = traceProto([...(await recordSpans()), ...(await recordSpans()), ...(await recordSpans())])
    const whole = decodeTracesProto(buf)
    const traceIds = [...new Set(whole.map((r) => r.TraceId))]
    const groupOf = (traceId: string): number => traceIds.indexOf(traceId) % 2
    const parts = splitTracesProtoByGroup(buf, groupOf)
    expect(parts.map((p) => p.group).sort()).toEqual([0, 1])
    for (const part of parts) {
      const rows = decodeTracesProto(part.message)
      expect(rows).toEqual(whole.filter((r) => groupOf(r.TraceId) === part.group))
      expect(rows).toHaveLength(part.spans)
      expect(groupOf(part.traceId)).toBe(part.group)
    }
  })
})
