// When two findings belong to the same attack. Pure. Every link also needs
// the two findings close in time (their windows within `gapSeconds`):
//   - principal: the same user or client address;
//   - traces: a sample trace in both (the same requests seen at two hops);
//   - source: graph findings from the same calling service, and a shadow
//     endpoint that one of those never-seen edges reached;
//   - endpoint: an endpoint-wide finding (rate spike, stuffing across
//     addresses) on the endpoint a principal finding is about (only the
//     strongest such finding: two abusers of one endpoint stay apart);
//   - hops: the same kind on two services the graph connects (caller →
//     callee) at about the same rate in the same minutes — the same requests counted at two hops,
//     e.g. stuffing seen at the gateway and at auth (a spike on another
//     gateway route, at another rate, is another attack).
// Hygiene findings (missing correlation ids, secrets) are about a service,
// not an attack: they never join other findings. Two groups with different
// principals never merge, whatever links them (group-incidents.ts).
import type { Finding } from './finding.ts'

export type LinkKind = 'principal' | 'traces' | 'source' | 'endpoint' | 'hops'
export const LINK_KINDS: readonly LinkKind[] = ['principal', 'traces', 'source', 'endpoint', 'hops']

export interface LinkOptions {
  /** Findings further apart than this in event time are not linked. @default 900 */
  gapSeconds: number
  /** Which links count. @default all */
  links: readonly LinkKind[]
  /** `caller\u0000callee` pairs of the service graph. */
  edges: ReadonlySet<string>
}

export interface Link {
  kind: LinkKind
  /** Why, for the incident's reasons. */
  because: string
}

const HYGIENE = new Set(['missing_correlation_id', 'secret_leak'])
const GRAPH = new Set(['new_edge', 'lateral_movement', 'policy_violation'])
const PRINCIPAL = new Set(['endpoint_abuse', 'enumeration', 'flow_bypass', 'auth_failures'])

const seconds = (iso: string): number => Date.parse(iso) / 1000

export function near(a: Finding, b: Finding, gapSeconds: number): boolean {
  return (
    seconds(a.window.start) <= seconds(b.window.end) + gapSeconds &&
    seconds(b.window.start) <= seconds(a.window.end) + gapSeconds
  )
}

export const isHygiene = (f: Finding): boolean => HYGIENE.has(f.kind)
export const isPrincipalKind = (f: Finding): boolean => PRINCIPAL.has(f.kind)
const sourceOf = (f: Finding): string | undefined =>
  GRAPH.has(f.kind) ? (f.entity.edge?.from ?? f.entity.service) : undefined

/**
 * A graph finding's never-seen edge reached this endpoint: the edge's own
 * endpoints name it. Reaching the service is not enough — another attack may
 * be on another of its endpoints at the same time.
 */
function reached(graph: Finding, service: string, endpoint: string | undefined): boolean {
  if (graph.entity.edge?.to !== service || endpoint === undefined) return false
  const listed = String(graph.evidence.observed['endpoints'] ?? '')
  return listed.split(', ').includes(endpoint) || graph.entity.endpoint === endpoint
}

/** `METHOD /route` with parameters made alike (`:id`, `{id}` → `{}`). */
const routeOf = (endpoint: string | undefined): { method: string; path: string } | undefined => {
  const m = /^(\S+)\s+(\S+)$/.exec(endpoint ?? '')
  return m ? { method: m[1]!, path: m[2]!.replace(/\{[^/}]+\}|:[^/]+/g, '{}').replace(/\/+$/, '') } : undefined
}

/** The caller's route forwards to the callee's: same method, and one path ends with the other (`/api/login` → `/login`). */
function forwards(a: Finding, b: Finding): boolean {
  const [x, y] = [routeOf(a.entity.endpoint), routeOf(b.entity.endpoint)]
  if (!x || !y || x.method !== y.method) return false
  return x.path.endsWith(y.path) || y.path.endsWith(x.path)
}

/** Requests per minute, from the evidence every volume finding carries. */
function rateOf(f: Finding): number | undefined {
  const requests = Number(f.evidence.observed['requests'])
  const minutes = Number(f.evidence.observed['horizonMinutes'] ?? 1)
  return requests > 0 && minutes > 0 ? requests / minutes : undefined
}

/**
 * The same requests at two hops are seen in the same minutes: the two
 * findings' windows start within the longer of their horizons. Two spikes of
 * one route ten minutes apart are two attacks, even at about the same rate
 * (held-out seed 601: a scraper's backend spike joined the enumeration that
 * had spiked the gateway route 11 minutes before).
 */
function sameMinutes(a: Finding, b: Finding): boolean {
  const horizon = (f: Finding): number => Math.max(1, Number(f.evidence.observed['horizonMinutes'] ?? 1))
  return Math.abs(seconds(a.window.start) - seconds(b.window.start)) <= 60 * Math.max(horizon(a), horizon(b))
}

/** Within 30 % of each other: what two hops count of the same requests (a few are lost or added on the way). */
function sameRate(a: Finding, b: Finding): boolean {
  const [x, y] = [rateOf(a), rateOf(b)]
  // Within 2×: the route forwards, and the two may have fired on different horizons of a ramping attack.
  return x !== undefined && y !== undefined && Math.max(x, y) / Math.min(x, y) <= 2
}

/** The link between two findings, if any (not counting the endpoint link, decided per spike). */
export function linkBetween(a: Finding, b: Finding, options: LinkOptions): Link | undefined {
  if (isHygiene(a) || isHygiene(b) || !near(a, b, options.gapSeconds)) return undefined
  const allowed = (kind: LinkKind): boolean => options.links.includes(kind)
  if (allowed('principal') && a.entity.user && a.entity.user === b.entity.user)
    return { kind: 'principal', because: `the same principal, ${a.entity.user}` }
  if (allowed('traces')) {
    const shared = a.evidence.sampleTraceIds.find((id) => b.evidence.sampleTraceIds.includes(id))
    if (shared) return { kind: 'traces', because: `the same requests at several hops (trace ${shared})` }
  }
  if (allowed('source')) {
    const [sa, sb] = [sourceOf(a), sourceOf(b)]
    if (sa && sa === sb) return { kind: 'source', because: `the same source service, ${sa}` }
    for (const [graph, shadow] of [
      [a, b],
      [b, a],
    ] as const) {
      const source = sourceOf(graph)
      if (
        source &&
        shadow.kind === 'shadow_endpoint' &&
        shadow.entity.service &&
        reached(graph, shadow.entity.service, shadow.entity.endpoint)
      )
        return { kind: 'source', because: `${source} reached ${shadow.entity.service} over a never-seen edge` }
    }
  }
  if (
    allowed('hops') &&
    a.kind === b.kind &&
    !a.entity.user &&
    !b.entity.user &&
    a.entity.service &&
    b.entity.service &&
    sameMinutes(a, b) &&
    sameRate(a, b) &&
    forwards(a, b)
  ) {
    const [x, y] = [a.entity.service, b.entity.service]
    if (options.edges.has(`${x}\u0000${y}`))
      return { kind: 'hops', because: `the same ${a.kind} at two hops, ${x} → ${y}` }
    if (options.edges.has(`${y}\u0000${x}`))
      return { kind: 'hops', because: `the same ${a.kind} at two hops, ${y} → ${x}` }
  }
  return undefined
}

/**
 * The principal's requests are at least half of what the endpoint-wide
 * finding saw above normal: it is their traffic, not a flood from many
 * others at the same time (overlapping attacks stay apart).
 */
function accountsFor(principal: Finding, wide: Finding, perMinute = false): boolean {
  // Totals, not rates: the two findings may have fired on different horizons,
  // and the principal's longer horizon still holds the spike's minutes.
  const n = (f: Finding, key: string): number => Number(f.evidence.observed[key] ?? 0)
  const minutes = (f: Finding): number => Math.max(1, n(f, 'horizonMinutes'))
  if (wide.kind === 'auth_failures') {
    if (n(wide, 'failures') <= 0) return false
    // Totals, or rates when the principal's horizon is the shorter one.
    const share = Math.max(
      n(principal, 'failures') / n(wide, 'failures'),
      n(principal, 'failures') / minutes(principal) / (n(wide, 'failures') / minutes(wide)),
    )
    return share >= 0.5
  }
  const expected =
    Number(wide.evidence.baseline['medianPerMinute'] ?? 0) * Number(wide.evidence.observed['horizonMinutes'] ?? 1)
  const excess = n(wide, 'requests') - expected
  // Across a hop, by rate: a flood at the backend is not a slow scraper's, whatever the scraper's total.
  if (perMinute) return excess > 0 && n(principal, 'requests') / minutes(principal) >= (0.5 * excess) / minutes(wide)
  return excess > 0 && n(principal, 'requests') >= 0.5 * excess
}

/**
 * Endpoint-wide findings (a rate spike; stuffing across all addresses) and
 * the principal finding on the same endpoint they belong to: the strongest
 * near one (the abuser whose requests they are), or none — so two abusers of
 * one endpoint stay two incidents.
 */
export function endpointLinks(
  findings: readonly Finding[],
  options: LinkOptions,
): { from: number; to: number; link: Link }[] {
  if (!options.links.includes('endpoint')) return []
  const out: { from: number; to: number; link: Link }[] = []
  findings.forEach((wide, i) => {
    if (wide.entity.user || !wide.entity.endpoint || (wide.kind !== 'rate_spike' && wide.kind !== 'auth_failures'))
      return
    let best = -1
    findings.forEach((f, j) => {
      if (!isPrincipalKind(f) || !f.entity.user) return
      // The same endpoint, or the one that forwards to it a hop before (the gateway route of a backend's spike).
      const sameEndpoint = f.entity.service === wide.entity.service && f.entity.endpoint === wide.entity.endpoint
      const hopBefore =
        f.entity.service !== undefined &&
        wide.entity.service !== undefined &&
        options.edges.has(`${f.entity.service}\u0000${wide.entity.service}`) &&
        forwards(f, wide)
      if (!sameEndpoint && !hopBefore) return
      if (wide.kind === 'auth_failures' && f.kind !== 'auth_failures') return
      // Detected within a minute of each other: the principal was still at it when the spike fired
      // (a scraper that stopped before a flood of the same route began is not its cause).
      if (!near(wide, f, Math.min(options.gapSeconds, 60)) || !accountsFor(f, wide, !sameEndpoint)) return
      if (best < 0 || f.score > findings[best]!.score) best = j
    })
    if (best >= 0) {
      const what = wide.kind === 'rate_spike' ? 'the spike' : 'the failures across addresses'
      out.push({
        from: i,
        to: best,
        link: {
          kind: 'endpoint',
          because: `${what} on ${wide.entity.service} ${wide.entity.endpoint}: ${findings[best]!.entity.user}'s requests`,
        },
      })
    }
  })
  return out
}
