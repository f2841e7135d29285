// The shop's users: activity spread like real audiences (a few heavy users, a
// long tail of occasional ones), each owning a block of object ids, each
// behind their own address. Heavy users are part of the baseline — a benign
// surprise the detector must not flag.
import type { Random } from './random.ts'

export const OBJECTS_PER_USER = 20

export interface User {
  id: string
  client: string
  /** Relative activity. */
  weight: number
  heavy: boolean
  /** First object id the user owns; they own OBJECTS_PER_USER from here. */
  firstObject: number
}

export interface Audience {
  users: User[]
  /** Picks a user with probability proportional to activity, in O(log n). */
  pick(random: Random): User
}

export function generateAudience(random: Random, count: number): Audience {
  const users: User[] = []
  for (let u = 0; u < count; u++) {
    const heavy = random.next() < 0.02
    // Log-normal activity (σ = 1): most users are occasional.
    const gaussian = Math.sqrt(-2 * Math.log(Math.max(1e-12, random.next()))) * Math.cos(2 * Math.PI * random.next())
    users.push({
      id: `user-${u}`,
      client: `10.${(u >> 16) & 255}.${(u >> 8) & 255}.${u & 255}`,
      weight: Math.exp(gaussian) * (heavy ? 8 : 1),
      heavy,
      firstObject: 1000 + u * OBJECTS_PER_USER,
    })
  }
  const cumulative: number[] = []
  let total = 0
  for (const user of users) {
    total += user.weight
    cumulative.push(total)
  }
  return {
    users,
    pick(r) {
      const target = r.next() * total
      let lo = 0
      let hi = cumulative.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cumulative[mid]! > target) hi = mid
        else lo = mid + 1
      }
      return users[lo]!
    },
  }
}
