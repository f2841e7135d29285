// One minute of ordinary traffic: a Poisson number of requests at the
// day/night load, spread over users by activity and over the entry endpoints
// by popularity, mostly on the users' own objects.
import { loadFactor } from './load-curve.ts'
import type { Random } from './random.ts'
import type { RequestSpec } from './trace-builder.ts'
import type { Topology } from './topology.ts'
import { OBJECTS_PER_USER, type Audience } from './users.ts'

export interface OrdinaryTraffic {
  topology: Topology
  audience: Audience
  /** Requests per minute at the daily peak. */
  peakPerMinute: number
  /** Popularity of each entry endpoint (same order as topology.entry). */
  popularity: number[]
}

export function entryPopularity(random: Random, topology: Topology): number[] {
  // Zipf-like: a few endpoints carry most of the traffic; login is a steady
  // few per cent, checkout about one per cent (its alternatives less);
  // confirm only follows a checkout.
  const fixed = (index: number): number | undefined =>
    index === topology.entryLogin
      ? 0.6
      : index === topology.flow.first
        ? 0.05
        : topology.flow.alternatives.includes(index)
          ? 0.03
          : index === topology.flow.then
            ? 0
            : undefined
  return topology.entry.map((index, rank) => fixed(index) ?? 1 / (1 + rank * (0.4 + random.next() * 0.4)))
}

export function ordinaryMinute(
  traffic: OrdinaryTraffic,
  random: Random,
  minuteStart: number,
  factor = 1,
): RequestSpec[] {
  const { topology, audience } = traffic
  const count = random.poisson(traffic.peakPerMinute * loadFactor(minuteStart) * factor)
  const requests: RequestSpec[] = []
  for (let i = 0; i < count; i++) {
    const at = minuteStart + random.next() * 60
    const endpoint = topology.entry[random.weighted(traffic.popularity)]!
    const e = topology.endpoints[endpoint]!
    const checkout = endpoint === topology.flow.first || topology.flow.alternatives.includes(endpoint)
    const anonymous = random.next() < 0.06 && endpoint !== topology.entryLogin && !checkout
    const user = anonymous ? undefined : audience.pick(random)
    let status = random.next() < 0.004 ? 503 : 200
    let objectId: number | undefined
    if (e.objectRoute) {
      if (user && random.next() < 0.97) objectId = user.firstObject + random.int(0, OBJECTS_PER_USER - 1)
      else {
        // Someone else's object: refused, or gone.
        objectId = random.int(1000, 1000 + audience.users.length * OBJECTS_PER_USER)
        status = random.next() < 0.5 ? 403 : 404
      }
    }
    if (endpoint === topology.entryLogin && random.next() < 0.06) status = 401
    // A failed login authenticates nobody: the name tried is all there is.
    const failedLogin = status === 401 && user !== undefined
    requests.push({
      at,
      endpoint,
      ...(objectId !== undefined ? { objectId } : {}),
      status,
      user: failedLogin ? '' : (user?.id ?? ''),
      ...(failedLogin ? { attemptedName: user.id } : {}),
      client: user?.client ?? `198.51.100.${random.int(1, 254)}`,
    })
    // Seven checkouts in ten (any of the ways) are confirmed, seconds to a few minutes later.
    if (checkout && user && random.next() < 0.7)
      requests.push({
        at: at + 5 + random.next() * (random.next() < 0.9 ? 40 : 240),
        endpoint: topology.flow.then,
        status: 200,
        user: user.id,
        client: user.client,
      })
  }
  return requests
}
