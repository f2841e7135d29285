// Seeded randomness: the same seed gives the same topology, users, traffic
// and attacks, so an evaluation is reproducible and seeds can be held out.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  int(min: number, maxInclusive: number): number
  pick<T>(items: readonly T[]): T
  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number
  /** Poisson-distributed count with mean `mean` (normal approximation above 50). */
  poisson(mean: number): number
  hex(chars: number): string
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(weights) {
      const total = weights.reduce((s, w) => s + w, 0)
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!
        if (r < 0) return i
      }
      return weights.length - 1
    },
    poisson(mean) {
      if (mean <= 0) return 0
      if (mean > 50) {
        const u = Math.max(1e-12, next())
        const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian))
      }
      const limit = Math.exp(-mean)
      let k = 0
      let p = next()
      while (p > limit) {
        k++
        p *= next()
      }
      return k
    },
    hex(chars) {
      let out = ''
      while (out.length < chars)
        out += Math.floor(next() * 0x100000000)
          .toString(16)
          .padStart(8, '0')
      return out.slice(0, chars)
    },
  }
  return random
}
