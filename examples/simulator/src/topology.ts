// A microservice shop of a seeded shape: an entry gateway, an auth service,
// and backend services whose endpoints call deeper services (a DAG, like real
// call graphs). Routes carry object ids (`/:id`) where a user reads their own
// things, which is what scraping and enumeration abuse.
import type { Random } from './random.ts'
import { CLASSIC_NAMING, type NamingStyle } from './naming-style.ts'

export interface Call {
  service: string
  endpoint: number
}

export interface Endpoint {
  service: string
  method: string
  route: string
  /** The route has an object id segment (`:id`). */
  objectRoute: boolean
  /** Base latency of the endpoint's own work, milliseconds. */
  latencyMs: number
  calls: Call[]
}

export interface Topology {
  services: string[]
  endpoints: Endpoint[]
  /** Indexes of the gateway's endpoints: where users' requests enter. */
  entry: number[]
  /** The login endpoint (auth service). */
  login: number
  /** The entry service's login endpoint, which calls `login`. */
  entryLogin: number
  /**
   * A flow at the gateway: users call `first` (checkout) or one of its
   * alternatives (0–2 per seed: express, one-click) shortly before `then`
   * (confirm) — a step with 1–3 legitimate predecessors.
   */
  flow: { first: number; alternatives: number[]; then: number }
  /** caller → callee pairs the ordinary traffic uses: the learned graph, and the zero-trust policy. */
  edges: string[]
  /** How this shop names its entry and auth services and routes. */
  naming: NamingStyle
}

const RESOURCES = [
  'orders',
  'payments',
  'catalog',
  'inventory',
  'users',
  'shipping',
  'reviews',
  'search',
  'carts',
  'notifications',
  'pricing',
  'recommendations',
  'billing',
  'accounts',
  'invoices',
  'ledger',
  'media',
  'profiles',
  'wishlists',
  'coupons',
  'returns',
  'loyalty',
  'tax',
  'fraud',
  'addresses',
  'sessions',
  'messages',
  'subscriptions',
  'warehouses',
  'quotes',
  'ratings',
  'bundles',
  'gifts',
  'vouchers',
  'refunds',
  'disputes',
  'alerts',
  'audits',
  'exports',
  'imports',
]
const SUB = ['items', 'history', 'status', 'summary', 'details', 'events']
const ALTERNATIVE_FLOWS = ['/express', '/one-click']

export interface TopologyOptions {
  /** Services besides gateway and auth. */
  backends: number
  /** Endpoints per backend service, at most (2 at least). */
  maxEndpoints: number
  /** @default CLASSIC_NAMING */
  naming?: NamingStyle
}

export function generateTopology(random: Random, options: TopologyOptions): Topology {
  if (options.backends < 2 || options.backends > RESOURCES.length)
    throw new RangeError(`backends ${options.backends}: expected 2…${RESOURCES.length}`)
  const names = options.naming ?? CLASSIC_NAMING
  const backends = [...RESOURCES]
    .filter((r) => r !== names.entry && r !== names.auth)
    .sort(() => random.next() - 0.5)
    .slice(0, options.backends)
  const endpoints: Endpoint[] = []
  const byService = new Map<string, number[]>()
  const add = (e: Endpoint): number => {
    endpoints.push(e)
    byService.set(e.service, [...(byService.get(e.service) ?? []), endpoints.length - 1])
    return endpoints.length - 1
  }
  const login = add({
    service: names.auth,
    method: 'POST',
    route: names.login,
    objectRoute: false,
    latencyMs: 40,
    calls: [],
  })
  add({ service: names.auth, method: 'POST', route: names.refresh, objectRoute: false, latencyMs: 8, calls: [] })
  // Backends, deepest first, so a service only calls services generated before it.
  for (const [b, service] of backends.entries()) {
    const count = random.int(2, Math.max(2, options.maxEndpoints))
    const routes = [
      { method: 'GET', route: `/${service}/:id`, objectRoute: true },
      { method: 'GET', route: `/${service}`, objectRoute: false },
      { method: 'POST', route: `/${service}`, objectRoute: false },
      { method: 'GET', route: `/${service}/:id/${random.pick(SUB)}`, objectRoute: true },
      { method: 'PUT', route: `/${service}/:id`, objectRoute: true },
      { method: 'DELETE', route: `/${service}/:id`, objectRoute: true },
    ].slice(0, count)
    const deeper = backends.slice(0, b)
    for (const r of routes) {
      const calls: Call[] = []
      const fanOut = deeper.length === 0 ? 0 : random.weighted([0.45, 0.4, 0.15])
      for (let c = 0; c < fanOut; c++) {
        const callee = random.pick(deeper)
        const targets = byService.get(callee)!
        calls.push({ service: callee, endpoint: random.pick(targets) })
      }
      add({ service, ...r, latencyMs: Math.round(3 + random.next() * 25), calls })
    }
  }
  // The gateway exposes a share of backend endpoints under /api, plus login.
  const entry: number[] = []
  const entryLogin = add({
    service: names.entry,
    method: 'POST',
    route: `${names.apiPrefix}${names.login}`,
    objectRoute: false,
    latencyMs: 2,
    calls: [{ service: names.auth, endpoint: login }],
  })
  entry.push(entryLogin)
  for (const service of backends.slice(Math.floor(backends.length / 3))) {
    for (const target of byService.get(service)!) {
      const e = endpoints[target]!
      if (random.next() < 0.35 && entry.length > 2) continue
      entry.push(
        add({
          service: names.entry,
          method: e.method,
          route: `${names.apiPrefix}${e.route}`,
          objectRoute: e.objectRoute,
          latencyMs: 2,
          calls: [{ service, endpoint: target }],
        }),
      )
    }
  }
  // The checkout flow: pricing the cart, then confirming the order.
  const flowTargets = backends.map((service) => byService.get(service)![0]!)
  const first = add({
    service: names.entry,
    method: 'POST',
    route: `${names.apiPrefix}${names.flowFirst}`,
    objectRoute: false,
    latencyMs: 3,
    calls: [{ service: endpoints[flowTargets[0]!]!.service, endpoint: flowTargets[0]! }],
  })
  const then = add({
    service: names.entry,
    method: 'POST',
    route: `${names.apiPrefix}${names.flowThen}`,
    objectRoute: false,
    latencyMs: 3,
    calls: [{ service: endpoints[flowTargets.at(-1)!]!.service, endpoint: flowTargets.at(-1)! }],
  })
  // Other ways to the same confirm (express checkout, one-click): 0–2 per seed.
  const alternatives = ALTERNATIVE_FLOWS.slice(0, random.int(0, 2)).map((suffix) =>
    add({
      service: names.entry,
      method: 'POST',
      route: `${names.apiPrefix}${names.flowFirst}${suffix}`,
      objectRoute: false,
      latencyMs: 3,
      calls: [{ service: endpoints[flowTargets[0]!]!.service, endpoint: flowTargets[0]! }],
    }),
  )
  entry.push(first, then, ...alternatives)
  // Every backend answers someone: one no request reaches would carry no
  // traffic, so neither its deployment nor an attack on it could be seen.
  const reached = reachableEndpoints(endpoints, entry)
  for (const service of backends) {
    if ([...reached].some((i) => endpoints[i]!.service === service)) continue
    const target = byService.get(service)![0]!
    const e = endpoints[target]!
    entry.push(
      add({
        service: names.entry,
        method: e.method,
        route: `${names.apiPrefix}${e.route}`,
        objectRoute: e.objectRoute,
        latencyMs: 2,
        calls: [{ service, endpoint: target }],
      }),
    )
    for (const i of reachableEndpoints(endpoints, [entry.at(-1)!])) reached.add(i)
  }
  // The learned graph: the edges ordinary requests travel.
  const edges = new Set<string>()
  for (const i of reached) for (const c of endpoints[i]!.calls) edges.add(`${endpoints[i]!.service} -> ${c.service}`)
  return {
    services: [names.entry, names.auth, ...backends],
    endpoints,
    entry,
    login,
    entryLogin,
    flow: { first, alternatives, then },
    edges: [...edges].sort(),
    naming: names,
  }
}

function reachableEndpoints(endpoints: readonly Endpoint[], from: readonly number[]): Set<number> {
  const seen = new Set<number>()
  const visit = (i: number): void => {
    if (seen.has(i)) return
    seen.add(i)
    for (const c of endpoints[i]!.calls) visit(c.endpoint)
  }
  from.forEach(visit)
  return seen
}

/** `/orders/:id` with id 42 → `/orders/42`. */
export function pathFor(route: string, objectId: number): string {
  return route.replace(':id', String(objectId))
}
