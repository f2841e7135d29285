// Findings → incidents: the findings linked (incident-links.ts), directly or
// through others, form one incident. Pure and deterministic: the same
// findings give the same incidents with the same ids, whatever their order.
import { createHash } from 'node:crypto'
import { FINDING_KINDS, type Finding, type Severity } from './finding.ts'
import type { Incident } from './incident.ts'
import { endpointLinks, type Link, type LinkKind, type LinkOptions, linkBetween } from './incident-links.ts'
import { incidentTitle } from './incident-title.ts'

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 }
const LINK_PRIORITY: Record<LinkKind, number> = { principal: 0, source: 1, hops: 2, endpoint: 3, traces: 4 }
const ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]*:[0-9a-f:]+$/i

class UnionFind {
  readonly #parent: number[]
  constructor(n: number) {
    this.#parent = Array.from({ length: n }, (_, i) => i)
  }
  find(i: number): number {
    let root = i
    while (this.#parent[root] !== root) root = this.#parent[root]!
    while (this.#parent[i] !== root) {
      const next = this.#parent[i]!
      this.#parent[i] = root
      i = next
    }
    return root
  }
  union(a: number, b: number): void {
    const [x, y] = [this.find(a), this.find(b)]
    if (x !== y) this.#parent[Math.max(x, y)] = Math.min(x, y)
  }
}

const byTime = (a: Finding, b: Finding): number =>
  a.window.start.localeCompare(b.window.start) || a.fingerprint.localeCompare(b.fingerprint) || a.id.localeCompare(b.id)

/**
 * Services in call order, as steps: each step is the services called by the
 * one before ("notifications → auth, orders, payments"). The findings' own
 * edges when they have some (a graph incident is about them), else the
 * service graph's edges among the incident's services; services no edge
 * reaches come last.
 */
function hopPath(services: readonly string[], edges: ReadonlySet<string>, findings: readonly Finding[]): string[] {
  const set = new Set(services)
  const own = findings.flatMap((f) => (f.entity.edge ? [`${f.entity.edge.from}\u0000${f.entity.edge.to}`] : []))
  const pairs = (own.length > 0 ? own : [...edges])
    .map((e) => e.split('\u0000') as [string, string])
    .filter(([from, to]) => from !== to && set.has(from) && set.has(to))
  // Depth = longest chain of callers above a service (cycles are cut by visiting each service once).
  const depth = new Map<string, number>()
  const roots = services.filter((s) => !pairs.some(([, to]) => to === s)).sort()
  const queue: [string, number][] = roots.map((s) => [s, 0])
  for (const [s, d] of queue) depth.set(s, Math.max(depth.get(s) ?? 0, d))
  for (let i = 0; i < queue.length && i < 1000; i++) {
    const [s, d] = queue[i]!
    for (const [from, to] of pairs)
      if (from === s && (depth.get(to) ?? -1) < d + 1) {
        depth.set(to, d + 1)
        queue.push([to, d + 1])
      }
  }
  const connected = services.filter((s) => pairs.some(([from, to]) => from === s || to === s))
  if (connected.length === 0) return [...services].sort()
  const steps: string[][] = []
  for (const s of connected) {
    const d = depth.get(s) ?? 0
    steps[d] = [...(steps[d] ?? []), s]
  }
  const rest = services.filter((s) => !connected.includes(s)).sort()
  return [...steps.filter(Boolean).map((step) => step.sort().join(', ')), ...(rest.length > 0 ? [rest.join(', ')] : [])]
}

function build(members: Finding[], links: Link[], options: LinkOptions): Incident {
  members.sort(byTime)
  const seed = members[0]!
  const unique = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))]
  const services = unique(members.flatMap((f) => [f.entity.service, f.entity.edge?.from, f.entity.edge?.to]))
  const principals = unique(members.map((f) => f.entity.user))
  const path = hopPath(services, options.edges, members)
  const reasons = unique(links.map((l) => l.because))
  return {
    id: `inc-${createHash('sha256').update(`${seed.fingerprint}\u0000${seed.window.start}`).digest('hex').slice(0, 16)}`,
    title: incidentTitle(members, path),
    severity: members.reduce<Severity>((s, f) => (RANK[f.severity] > RANK[s] ? f.severity : s), 'low'),
    status: members.some((f) => f.status === 'open') ? 'open' : 'resolved',
    firstSeen: seed.window.start,
    lastSeen: members
      .map((f) => f.window.end)
      .sort()
      .at(-1)!,
    kinds: FINDING_KINDS.filter((k) => members.some((f) => f.kind === k)),
    services,
    endpoints: unique(
      members.map((f) => (f.entity.endpoint ? `${f.entity.service ?? ''} ${f.entity.endpoint}`.trim() : undefined)),
    ),
    users: principals.filter((p) => !ADDRESS.test(p)),
    addresses: principals.filter((p) => ADDRESS.test(p)),
    hopPath: path,
    findingIds: members.map((f) => f.id),
    fingerprints: unique(members.map((f) => f.fingerprint)),
    reasons: reasons.length > 0 ? reasons.slice(0, 8) : ['a single finding'],
    sampleTraceIds: unique(members.flatMap((f) => f.evidence.sampleTraceIds)).slice(0, 10),
    sampleCorrelationIds: unique(members.flatMap((f) => f.evidence.sampleCorrelationIds ?? [])).slice(0, 10),
  }
}

export function groupIncidents(findings: readonly Finding[], options: LinkOptions): Incident[] {
  const sorted = [...findings].sort(byTime)
  const sets = new UnionFind(sorted.length)
  const links: { a: number; b: number; link: Link }[] = []
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const link = linkBetween(sorted[i]!, sorted[j]!, options)
      if (link) links.push({ a: i, b: j, link })
    }
  }
  for (const e of endpointLinks(sorted, options)) links.push({ a: e.from, b: e.to, link: e.link })
  // One attack acts as one principal: two sets holding different principals
  // stay apart, whatever links them (a spike on an endpoint behind two
  // attackers' routes carries traces of both). Links are taken strongest
  // kind first, then in time order, so a shared finding joins the same set
  // on every run.
  links.sort((x, y) => LINK_PRIORITY[x.link.kind] - LINK_PRIORITY[y.link.kind] || x.a - y.a || x.b - y.b)
  const principals = sorted.map((f) => (f.entity.user ? new Set([f.entity.user]) : new Set<string>()))
  const kept: typeof links = []
  for (const l of links) {
    const [x, y] = [sets.find(l.a), sets.find(l.b)]
    if (x === y) {
      kept.push(l)
      continue
    }
    const [px, py] = [principals[x]!, principals[y]!]
    if (px.size > 0 && py.size > 0 && ![...px].some((p) => py.has(p))) continue
    sets.union(x, y)
    const merged = new Set([...px, ...py])
    principals[sets.find(x)] = merged
    kept.push(l)
  }
  const groups = new Map<number, { members: Finding[]; links: Link[] }>()
  sorted.forEach((f, i) => {
    const root = sets.find(i)
    const group = groups.get(root) ?? { members: [], links: [] }
    group.members.push(f)
    groups.set(root, group)
  })
  for (const l of kept) groups.get(sets.find(l.a))!.links.push(l.link)
  return [...groups.values()]
    .map((g) => build(g.members, g.links, options))
    .sort((x, y) => x.firstSeen.localeCompare(y.firstSeen) || x.id.localeCompare(y.id))
}
