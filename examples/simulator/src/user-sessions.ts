// People browse in sessions: one page leads to a few more within minutes.
// Without sessions every request of a user is independent (Poisson), which
// makes a user's own counts far calmer than real ones and flatters any
// detector that judges a user against themselves. Per seed, from its own
// random stream (so the core traffic and the attacks stay as they were),
// a session style is drawn: none on some seeds, and on the others a chance
// that a request is followed by a geometric number of further requests by
// the same user, seconds to minutes later, on the pages people browse
// (not login or the checkout flow, whose timing the flows are learned from).
import type { Random } from './random.ts'
import { seededRandom } from './random.ts'
import type { RequestSpec } from './trace-builder.ts'
import type { Topology } from './topology.ts'
import { OBJECTS_PER_USER, type Audience } from './users.ts'

export interface SessionStyle {
  /** Chance that a user's request starts a run of follow-ups (0: no sessions). */
  follow: number
  /** Mean follow-ups in a run. */
  meanFollowUps: number
  /** Longest gap after the request a follow-up falls in, seconds. */
  spreadSeconds: number
}

export const NO_SESSIONS: SessionStyle = { follow: 0, meanFollowUps: 0, spreadSeconds: 0 }

/** The seed's session style: half the seeds browse in sessions. */
export function sessionStyleFor(seed: number): SessionStyle {
  const random = seededRandom(seed * 104_729 + 17)
  if (random.next() < 0.5) return NO_SESSIONS
  return {
    follow: 0.3 + random.next() * 0.4,
    meanFollowUps: 2 + random.next() * 4,
    spreadSeconds: 60 + random.int(0, 240),
  }
}

/** Requests per request on average: ordinary volume is divided by it, so sessions add burstiness, not load. */
export const volumePerRequest = (style: SessionStyle): number => 1 + style.follow * style.meanFollowUps

export class SessionFollowUps {
  readonly #style: SessionStyle
  readonly #random: Random
  readonly #browse: number[]
  readonly #weights: number[]
  readonly #topology: Topology
  readonly #users: Map<string, Audience['users'][number]>
  /** Follow-ups by the minute they fall in. */
  readonly #queued = new Map<number, RequestSpec[]>()

  constructor(
    seed: number,
    style: SessionStyle,
    topology: Topology,
    popularity: readonly number[],
    audience: Audience,
  ) {
    this.#style = style
    this.#users = new Map(audience.users.map((u) => [u.id, u]))
    this.#random = seededRandom(seed * 15_485_863 + 29)
    this.#topology = topology
    const skip = new Set([topology.entryLogin, topology.flow.first, topology.flow.then, ...topology.flow.alternatives])
    this.#browse = topology.entry.filter((i) => !skip.has(i))
    this.#weights = this.#browse.map((i) => popularity[topology.entry.indexOf(i)] ?? 0)
  }

  /** Draws the follow-ups of this minute's requests (queued for their minutes), and returns the ones due now. */
  take(minuteStart: number, requests: readonly RequestSpec[]): RequestSpec[] {
    if (this.#style.follow > 0 && this.#browse.length > 0) {
      for (const request of requests) {
        if (!request.user || this.#random.next() >= this.#style.follow) continue
        const user = this.#users.get(request.user)
        if (!user) continue
        // Geometric count with the style's mean (at least one).
        const stop = 1 / this.#style.meanFollowUps
        let at = request.at
        for (let n = 0; n < 50; n++) {
          at += 5 + this.#random.next() * (this.#style.spreadSeconds / this.#style.meanFollowUps)
          if (at >= request.at + this.#style.spreadSeconds + 60) break
          const endpoint = this.#browse[this.#random.weighted(this.#weights)]!
          const follow: RequestSpec = {
            at,
            endpoint,
            ...(this.#topology.endpoints[endpoint]!.objectRoute
              ? { objectId: user.firstObject + this.#random.int(0, OBJECTS_PER_USER - 1) }
              : {}),
            status: 200,
            user: user.id,
            client: user.client,
          }
          const minute = Math.floor(at / 60) * 60
          const list = this.#queued.get(minute)
          if (list) list.push(follow)
          else this.#queued.set(minute, [follow])
          if (this.#random.next() < stop) break
        }
      }
    }
    const due = this.#queued.get(minuteStart) ?? []
    this.#queued.delete(minuteStart)
    return due
  }
}
