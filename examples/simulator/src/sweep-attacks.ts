// Attacks of the intensity sweep, sized relative to the actor's own norm
// rather than to the detector's thresholds: a user scraping at `intensity`×
// the rate they themselves usually browse, a quiet endpoint at `intensity`×
// its volume, credential stuffing at `intensity`× the login endpoint's usual
// failures spread over `addresses` addresses, enumeration at `intensity`×
// the user's norm. They last 10–20 minutes, so slow ones must accumulate.
import { reachableServices, type AttackContext, type InjectedAttack } from './attacks.ts'
import type { RequestSpec } from './trace-builder.ts'
import type { Topology } from './topology.ts'
import { OBJECTS_PER_USER } from './users.ts'

export type SweepAttackKind = 'slow_scraping' | 'quiet_spike' | 'rotating_stuffing' | 'slow_enumeration'
export const SWEEP_ATTACKS: readonly SweepAttackKind[] = [
  'slow_scraping',
  'quiet_spike',
  'rotating_stuffing',
  'slow_enumeration',
]

export interface SweepContext extends AttackContext {
  intensity: number
  /** Addresses credential stuffing rotates over. */
  addresses: number
  /** A user's own requests per minute right now (from their share of the traffic). */
  userPerMinute(userIndex: number, at: number): number
}

const label = (e: Topology['endpoints'][number]): string => `${e.method} ${e.route}`

/** Requests at a steady rate (Poisson arrivals) from `start` for `minutes`. */
function steady(
  ctx: SweepContext,
  start: number,
  minutes: number,
  perMinute: number,
  make: (at: number, n: number) => Omit<RequestSpec, 'at'>,
): RequestSpec[] {
  const out: RequestSpec[] = []
  let n = 0
  for (let m = 0; m < minutes; m++) {
    const count = ctx.random.poisson(perMinute)
    for (let i = 0; i < count; i++)
      out.push({ at: start + m * 60 + ctx.random.next() * 60, ...make(start + m * 60, n++) })
  }
  return out
}

export function injectSweepAttack(kind: SweepAttackKind, ctx: SweepContext, start: number): InjectedAttack {
  const { topology: t, audience, random } = ctx
  const objectEntries = t.entry.filter((i) => t.endpoints[i]!.objectRoute && t.endpoints[i]!.method === 'GET')
  // An ordinary (not heavy) user with some activity of their own.
  const userIndex = (): number => {
    const ordinary = audience.users
      .map((u, i) => ({ u, i }))
      .filter(({ u }) => !u.heavy)
      .sort((a, b) => b.u.weight - a.u.weight)
    return ordinary[random.int(0, Math.floor(ordinary.length / 3))]!.i
  }
  switch (kind) {
    case 'slow_scraping': {
      const endpoint = random.pick(objectEntries)
      const u = userIndex()
      const user = audience.users[u]!
      const minutes = 20
      const rate = ctx.userPerMinute(u, start) * ctx.intensity
      const requests = steady(ctx, start, minutes, rate, () => ({
        endpoint,
        objectId: user.firstObject + random.int(0, OBJECTS_PER_USER - 1),
        status: 200,
        user: user.id,
        client: user.client,
      }))
      // The extra reads reach every service behind the endpoint: their spikes are right, too.
      const downstream = reachableServices(t, endpoint).map((service) => ({ service }))
      return {
        label: {
          name: `${user.id} scrapes ${label(t.endpoints[endpoint]!)} at ${ctx.intensity}× their norm (${rate.toFixed(2)}/min)`,
          kinds: ['endpoint_abuse'],
          accepts: ['endpoint_abuse', 'enumeration', 'rate_spike'],
          entities: [{ user: user.id }, { endpoint: label(t.endpoints[endpoint]!) }, ...downstream],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'slow_enumeration': {
      const endpoint = random.pick(objectEntries)
      const u = userIndex()
      const user = audience.users[u]!
      const minutes = 15
      const rate = Math.max(0.5, ctx.userPerMinute(u, start) * ctx.intensity)
      let id = random.int(1000, 1000 + audience.users.length * OBJECTS_PER_USER)
      const requests = steady(ctx, start, minutes, rate, () => ({
        endpoint,
        objectId: id++,
        status: random.next() < 0.75 ? (random.next() < 0.5 ? 403 : 404) : 200,
        user: user.id,
        client: user.client,
      }))
      // Refused requests stop at the first service; the granted quarter goes on downstream.
      const downstream = reachableServices(t, endpoint).map((service) => ({ service }))
      return {
        label: {
          name: `${user.id} enumerates ids on ${label(t.endpoints[endpoint]!)} at ${ctx.intensity}× their norm (${rate.toFixed(2)}/min)`,
          kinds: ['enumeration'],
          accepts: ['enumeration', 'endpoint_abuse', 'rate_spike'],
          entities: [{ user: user.id }, { endpoint: label(t.endpoints[endpoint]!) }, ...downstream],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'quiet_spike': {
      // The quietest entry endpoint that carries traffic (not login or the flow).
      const candidates = t.entry.filter((i) => i !== t.entryLogin && i !== t.flow.then && ctx.perMinute(i, start) > 0.2)
      const endpoint = candidates.reduce(
        (best, i) => (ctx.perMinute(i, start) < ctx.perMinute(best, start) ? i : best),
        candidates[0]!,
      )
      const minutes = 10
      const rate = ctx.perMinute(endpoint, start) * (ctx.intensity - 1)
      const e = t.endpoints[endpoint]!
      const requests = steady(ctx, start, minutes, rate, () => ({
        endpoint,
        ...(e.objectRoute ? { objectId: random.int(1, 500) } : {}),
        status: 200,
        user: '',
        client: `100.64.${random.int(0, 255)}.${random.int(1, 254)}`,
      }))
      return {
        label: {
          name: `${label(e)} at ${ctx.intensity}× its ${ctx.perMinute(endpoint, start).toFixed(1)}/min`,
          kinds: ['rate_spike'],
          accepts: ['rate_spike'],
          entities: [
            { service: t.naming.entry, endpoint: label(e) },
            ...reachableServices(t, endpoint).map((service) => ({ service })),
          ],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'rotating_stuffing': {
      const login = t.entryLogin
      const minutes = 15
      // The login endpoint's usual failures per minute (6 % of its traffic), times the intensity.
      const rate = Math.max(1, ctx.perMinute(login, start) * 0.06 * ctx.intensity)
      const addresses = Array.from({ length: ctx.addresses }, () => `203.0.${random.int(0, 255)}.${random.int(1, 254)}`)
      const requests = steady(ctx, start, minutes, rate, (_, n) => ({
        endpoint: login,
        status: random.next() < 0.98 ? 401 : 200,
        user: '',
        attemptedName: `victim-${n}@example.com`,
        client: addresses[n % addresses.length]!,
      }))
      return {
        label: {
          name: `credential stuffing at ${ctx.intensity}× the usual failures (${rate.toFixed(1)}/min) over ${ctx.addresses} addresses`,
          kinds: ['auth_failures'],
          accepts: ['auth_failures', 'endpoint_abuse', 'rate_spike'],
          entities: [
            { endpoint: label(t.endpoints[t.entryLogin]!) },
            { endpoint: label(t.endpoints[t.login]!) },
            ...addresses.map((user) => ({ user })),
          ],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
  }
}
