// The injected attacks, one per finding kind, each labelled with the kinds it
// must raise, the kinds that also count as right, and the entity a finding
// must name. Benign surprises are in scenario.ts.
import type { FindingKind } from '@tracehound/detector'
import type { Random } from './random.ts'
import type { RequestSpec, ServiceConditions } from './trace-builder.ts'
import type { Topology } from './topology.ts'
import { OBJECTS_PER_USER, type Audience } from './users.ts'

export interface LabelledEntity {
  service?: string
  endpoint?: string
  user?: string
}

export interface AttackLabel {
  name: string
  /** Kinds the detector must raise for this attack (recall is counted per kind). */
  kinds: FindingKind[]
  /** Kinds that are also a right answer (e.g. enumeration during scraping). */
  accepts: FindingKind[]
  /** A finding names one of these (every field given must match). */
  entities: LabelledEntity[]
  /** Event time, epoch seconds. */
  start: number
  end: number
}

export interface ConditionWindow {
  service: string
  from: number
  to: number
  conditions: ServiceConditions
}

export interface InjectedAttack {
  label: AttackLabel
  requests: RequestSpec[]
  /** When the attack's requests need routes the topology does not declare. */
  topology?: Topology
  conditions?: ConditionWindow[]
}

export interface AttackContext {
  topology: Topology
  audience: Audience
  random: Random
  /** Current ordinary requests per minute of an entry endpoint, for sizing. */
  perMinute(endpoint: number, at: number): number
}

export type AttackKind =
  | 'scraping'
  | 'enumeration'
  | 'credential_stuffing'
  | 'flood'
  | 'flow_bypass'
  | 'pivot'
  | 'shadow_endpoint'
  | 'missing_correlation'
  | 'secret_leak'
export const ATTACKS: readonly AttackKind[] = [
  'scraping',
  'enumeration',
  'credential_stuffing',
  'flood',
  'flow_bypass',
  'pivot',
  'shadow_endpoint',
  'missing_correlation',
  'secret_leak',
]

const label = (e: Topology['endpoints'][number]): string => `${e.method} ${e.route}`
const objectEntries = (t: Topology): number[] =>
  t.entry.filter((i) => t.endpoints[i]!.objectRoute && t.endpoints[i]!.method === 'GET')
const backends = (t: Topology): string[] => t.services.filter((s) => s !== t.naming.entry && s !== t.naming.auth)

/** The backend the gateway calls most, right now. */
function busiestBackend(ctx: AttackContext, at: number): string {
  const load = new Map<string, number>()
  for (const i of ctx.topology.entry)
    for (const call of ctx.topology.endpoints[i]!.calls)
      load.set(call.service, (load.get(call.service) ?? 0) + ctx.perMinute(i, at))
  return (
    [...load].filter(([s]) => s !== ctx.topology.naming.auth).sort((a, b) => b[1] - a[1])[0]?.[0] ??
    backends(ctx.topology)[0]!
  )
}

/** Services a request to `endpoint` reaches, the endpoint's own excluded. */
export function reachableServices(t: Topology, endpoint: number): string[] {
  const found = new Set<string>()
  const visit = (i: number): void => {
    for (const call of t.endpoints[i]!.calls) {
      found.add(call.service)
      visit(call.endpoint)
    }
  }
  visit(endpoint)
  return [...found]
}

function spread(
  random: Random,
  start: number,
  minutes: number,
  perMinute: number,
  make: (at: number, n: number) => RequestSpec,
): RequestSpec[] {
  const out: RequestSpec[] = []
  let n = 0
  for (let m = 0; m < minutes; m++)
    for (let i = 0; i < perMinute; i++) out.push(make(start + m * 60 + random.next() * 60, n++))
  return out
}

export function injectAttack(kind: AttackKind, ctx: AttackContext, start: number): InjectedAttack {
  const { topology: t, audience, random } = ctx
  const someone = (): (typeof audience.users)[number] =>
    audience.users.filter((u) => !u.heavy)[random.int(0, Math.floor(audience.users.length / 2))]!
  switch (kind) {
    case 'scraping': {
      // One account harvests an object endpoint at machine speed: its own and public objects, all answered.
      const endpoint = random.pick(objectEntries(t))
      const user = someone()
      const minutes = 4
      const requests = spread(random, start, minutes, random.int(150, 300), (at) => ({
        at,
        endpoint,
        objectId: user.firstObject + random.int(0, OBJECTS_PER_USER - 1),
        status: 200,
        user: user.id,
        client: user.client,
      }))
      // Machine-speed reads spike the endpoint and every service behind it: right, too.
      const downstream = reachableServices(t, endpoint).map((service) => ({ service }))
      return {
        label: {
          name: `${user.id} scrapes ${label(t.endpoints[endpoint]!)}`,
          kinds: ['endpoint_abuse'],
          accepts: ['endpoint_abuse', 'enumeration', 'rate_spike'],
          entities: [{ user: user.id }, { endpoint: label(t.endpoints[endpoint]!) }, ...downstream],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'enumeration': {
      // BOLA probing: walking other people's object ids, mostly refused.
      const endpoint = random.pick(objectEntries(t))
      const user = someone()
      const minutes = 4
      let id = random.int(1000, 1000 + audience.users.length * OBJECTS_PER_USER)
      const requests = spread(random, start, minutes, random.int(60, 120), (at) => ({
        at,
        endpoint,
        objectId: id++,
        status: random.next() < 0.75 ? (random.next() < 0.5 ? 403 : 404) : 200,
        user: user.id,
        client: user.client,
      }))
      // The probing burst is also a real volume spike on a quiet endpoint, and
      // on the services behind it (the requests that are answered go on).
      const downstream = reachableServices(t, endpoint).map((service) => ({ service }))
      return {
        label: {
          name: `${user.id} enumerates ids on ${label(t.endpoints[endpoint]!)}`,
          kinds: ['enumeration'],
          accepts: ['enumeration', 'endpoint_abuse', 'rate_spike'],
          entities: [{ user: user.id }, { endpoint: label(t.endpoints[endpoint]!) }, ...downstream],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'credential_stuffing': {
      const login = t.entryLogin
      const address = `203.0.113.${random.int(1, 254)}`
      const minutes = 3
      const requests = spread(random, start, minutes, random.int(40, 80), (at, n) => ({
        at,
        endpoint: login,
        status: random.next() < 0.97 ? 401 : 200,
        user: `victim-${n % 37}`,
        client: address,
      }))
      return {
        label: {
          name: `credential stuffing from ${address}`,
          kinds: ['auth_failures'],
          accepts: ['auth_failures', 'endpoint_abuse', 'rate_spike'],
          entities: [
            { endpoint: label(t.endpoints[t.entryLogin]!) },
            { endpoint: label(t.endpoints[t.login]!) },
            { user: address },
          ],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'flood': {
      // A botnet floods one endpoint: many addresses, each unremarkable.
      const candidates = t.entry.filter((i) => i !== t.entryLogin)
      const endpoint = candidates.reduce(
        (best, i) => (ctx.perMinute(i, start) > ctx.perMinute(best, start) ? i : best),
        candidates[0]!,
      )
      const perMinute = Math.max(400, Math.round(ctx.perMinute(endpoint, start) * random.int(10, 15)))
      const minutes = 3
      const requests = spread(random, start, minutes, perMinute, (at) => ({
        at,
        endpoint,
        ...(t.endpoints[endpoint]!.objectRoute ? { objectId: random.int(1, 500) } : {}),
        status: 200,
        user: '',
        client: `100.64.${random.int(0, 255)}.${random.int(1, 254)}`,
      }))
      // The flood reaches every service behind the endpoint: their spikes are real too.
      const downstream = reachableServices(t, endpoint).map((service) => ({ service }))
      return {
        label: {
          name: `flood of ${label(t.endpoints[endpoint]!)}`,
          kinds: ['rate_spike'],
          accepts: ['rate_spike'],
          entities: [{ service: t.naming.entry, endpoint: label(t.endpoints[endpoint]!) }, ...downstream],
          start,
          end: start + minutes * 60,
        },
        requests,
      }
    }
    case 'flow_bypass': {
      // A script confirms orders without the checkout step that prices them,
      // from a fresh account (an existing user who checked out minutes before
      // would, within the session, not be bypassing anything).
      const user = { id: `user-${audience.users.length + random.int(0, 999)}`, client: `192.0.2.${random.int(1, 254)}` }
      const endpoint = t.flow.then
      const requests = spread(random, start, 2, random.int(2, 4), (at) => ({
        at,
        endpoint,
        status: 200,
        user: user.id,
        client: user.client,
      }))
      return {
        label: {
          name: `${user.id} confirms without checkout`,
          kinds: ['flow_bypass'],
          accepts: ['flow_bypass', 'endpoint_abuse'],
          // Where services propagate the user, the hops behind the step see the same bypass: right, too.
          entities: [
            { user: user.id, endpoint: label(t.endpoints[endpoint]!) },
            ...reachableServices(t, endpoint).map((service) => ({ user: user.id, service })),
          ],
          start,
          end: start + 120,
        },
        requests,
      }
    }
    case 'pivot': {
      // A compromised backend calls services it never called.
      const services = backends(t)
      const from = random.pick(services)
      const known = new Set(t.edges.filter((e) => e.startsWith(`${from} -> `)).map((e) => e.split(' -> ')[1]))
      const targets = [...services, t.naming.auth]
        .filter((s) => s !== from && !known.has(s))
        .sort(() => random.next() - 0.5)
        .slice(0, 3)
      const own = t.endpoints.findIndex((e) => e.service === from)
      const calls = targets.map((service) => ({
        service,
        endpoint: t.endpoints.findIndex((e) => e.service === service),
      }))
      const requests: RequestSpec[] = Array.from({ length: 6 }, (_, i) => ({
        at: start + i * 8 + random.next() * 5,
        endpoint: own,
        status: 200,
        user: '',
        client: '10.250.0.9',
        injectedCalls: calls,
      }))
      // What the targets call in turn is reached through the pivot too: a route there that only the
      // pivot's requests reach is a shadow endpoint of the attack, rightly.
      const downstream = [...new Set(calls.flatMap((c) => reachableServices(t, c.endpoint)))].filter(
        (s) => s !== from && !targets.includes(s),
      )
      return {
        // Endpoints only the pivot reaches are shadow endpoints of its targets, rightly.
        label: {
          name: `${from} pivots to ${targets.join(', ')}`,
          kinds:
            targets.length >= 2
              ? ['new_edge', 'lateral_movement', 'policy_violation']
              : ['new_edge', 'policy_violation'],
          accepts: ['new_edge', 'lateral_movement', 'policy_violation', 'shadow_endpoint'],
          entities: [{ service: from }, ...[...targets, ...downstream].map((service) => ({ service }))],
          start,
          end: start + 60,
        },
        requests,
      }
    }
    case 'shadow_endpoint': {
      // An undeclared route starts answering: a debug export left in a release.
      const service = random.pick(backends(t))
      const shadow = {
        service,
        method: 'GET',
        route: `/internal/${service}/export`,
        objectRoute: false,
        latencyMs: 30,
        calls: [],
      }
      const topology: Topology = { ...t, endpoints: [...t.endpoints, shadow] }
      const endpoint = topology.endpoints.length - 1
      const requests = spread(random, start, 3, 8, (at) => ({
        at,
        endpoint,
        status: 200,
        user: '',
        client: '10.250.0.7',
      }))
      return {
        label: {
          name: `${service} serves ${shadow.route}`,
          kinds: ['shadow_endpoint'],
          accepts: ['shadow_endpoint'],
          entities: [{ service, endpoint: `GET ${shadow.route}` }],
          start,
          end: start + 180,
        },
        requests,
        topology,
      }
    }
    case 'missing_correlation': {
      // A release drops the correlation middleware — in a service with traffic to show it.
      const service = busiestBackend(ctx, start)
      return {
        label: {
          name: `${service} stops setting correlation ids`,
          kinds: ['missing_correlation_id'],
          accepts: ['missing_correlation_id'],
          entities: [{ service }],
          start,
          end: start + 300,
        },
        requests: [],
        conditions: [{ service, from: start, to: start + 300, conditions: { noCorrelation: true } }],
      }
    }
    case 'secret_leak': {
      // A leak needs spans to leak in: a service the gateway calls, with traffic now.
      const service = busiestBackend(ctx, start)
      const token = `Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi${random.hex(12)}.${random.hex(24)}`
      return {
        label: {
          name: `${service} records an Authorization header`,
          kinds: ['secret_leak'],
          accepts: ['secret_leak'],
          entities: [{ service }],
          start,
          end: start + 120,
        },
        requests: [],
        conditions: [
          {
            service,
            from: start,
            to: start + 120,
            conditions: { leakedAttribute: { key: 'http.request.header.authorization', value: token } },
          },
        ],
      }
    }
  }
}
