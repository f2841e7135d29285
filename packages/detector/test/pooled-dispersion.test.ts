import { describe, expect, it } from 'vitest'
import { fromSums, MIN_DISPERSION } from '../src/count-statistics.ts'
import { carriedForward, DispersionPool } from '../src/pooled-dispersion.ts'

describe('pooled dispersion', () => {
  it('pools the excess variance of principals over their own means', () => {
    const pool = new DispersionPool(3)
    // Every principal's buckets vary by mean + 2·mean²: dispersion 2, whatever their rate.
    for (const mean of [1, 2, 5, 10, 40]) pool.add({ mean, variance: mean + 2 * mean * mean, buckets: 10 })
    expect(pool.dispersion(5)).toBeCloseTo(2, 10)
  })

  it('never reads as clockwork, and says nothing without enough principals', () => {
    const pool = new DispersionPool(3)
    // Once per active bucket: no variance at all (active buckets never count 0).
    for (let i = 0; i < 30; i++) pool.add({ mean: 1, variance: 0, buckets: 12 })
    expect(pool.dispersion(20)).toBe(MIN_DISPERSION)
    expect(pool.dispersion(31)).toBeUndefined()
  })

  it('leaves out principals with too few buckets to have a spread', () => {
    const pool = new DispersionPool(3)
    pool.add({ mean: 50, variance: 5000, buckets: 2 })
    pool.add({ mean: 2, variance: 2 + 0.5 * 4, buckets: 20 })
    expect(pool.dispersion(1)).toBeCloseTo(0.5, 10)
  })

  it('lends a longer horizon without enough peers the burstiness of the longest shorter one that has them', () => {
    expect(carriedForward([1.8, 0.9, undefined, undefined])).toEqual([1.8, 0.9, 0.9, 0.9])
    expect(carriedForward([undefined, 2, undefined, 0.4])).toEqual([undefined, 2, 2, 0.4])
    expect(carriedForward([undefined, undefined])).toEqual([undefined, undefined])
  })

  it('counts the quiet buckets since a principal appeared: sessions show their burstiness with the zeros', () => {
    // Active buckets 5, 1, 8 among eight hours: 0 0 5 0 0 1 0 8.
    const active = fromSums(14, 25 + 1 + 64, 3)!
    const sessions = new DispersionPool(3)
    for (let i = 0; i < 20; i++) sessions.add(active, 8)
    const counts = [0, 0, 5, 0, 0, 1, 0, 8]
    const mean = 14 / 8
    const variance = counts.reduce((a, x) => a + (x - mean) ** 2, 0) / 7
    expect(sessions.dispersion(20)).toBeCloseTo((variance - mean) / mean ** 2, 10)
    expect(sessions.dispersion(20)).toBeGreaterThan(1.5)
    // Active buckets alone say much less.
    const activeOnly = new DispersionPool(3)
    for (let i = 0; i < 20; i++) activeOnly.add(active)
    expect(activeOnly.dispersion(20)).toBeLessThan(0.5)
    // Every bucket active: nothing to add.
    const steady = new DispersionPool(3)
    for (let i = 0; i < 20; i++) steady.add(fromSums(16, 32, 8)!, 8)
    expect(steady.dispersion(20)).toBe(MIN_DISPERSION)
  })
})
