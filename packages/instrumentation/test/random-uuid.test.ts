import { describe, expect, it } from 'vitest'
import { randomUuid } from '../src/random-uuid.ts'

describe('randomUuid', () => {
  it('gives version-4 UUIDs, never the same twice across many pool refills', () => {
    const seen = new Set<string>()
    // 20,000 ids use the 4 KiB pool ~78 times over.
    for (let i = 0; i < 20_000; i++) {
      const id = randomUuid()
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      seen.add(id)
    }
    expect(seen.size).toBe(20_000)
  })

  it('spreads its hex digits evenly (the random bits are not lost in formatting)', () => {
    const counts = new Map<string, number>()
    const n = 20_000
    for (let i = 0; i < n; i++) {
      // The first 8 digits are all random.
      for (const c of randomUuid().slice(0, 8)) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect(counts.size).toBe(16)
    // Each digit expects n·8/16 = 10,000; ±5 % is > 15 standard deviations.
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })
})
