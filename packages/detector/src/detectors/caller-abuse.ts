// endpoint_abuse (scraping: one principal calling an endpoint far more than
// its own norm, or than the endpoint's population when it has none) and
// enumeration (one principal touching far more distinct object ids than
// usual, with many 401/403/404 — BOLA probing). Every horizon is judged at
// once, so a fast attack fires in its first window and a slow one when a
// longer horizon makes it significant.
//
// A principal with a history of its own is judged against it: a heavy user,
// or a batch job that runs every night, is normal for itself and raises
// nothing; a user at 40× their own norm is a finding even when heavy users
// reach that rate (how bursty principals are for themselves is learned from
// all of them, pooled-dispersion.ts, where they are burstier than the prior). A principal new to the endpoint is
// judged against the population of its active principals, and against their
// own requests at the service when they have some — unless the endpoint has
// a peak that recurs at this time of day on earlier days (a nightly job whose
// pods get new addresses every night) and this principal stays within it.
import { judgeCount, scaled, stillGoing, type CountBaseline, type Judgement } from '../count-statistics.ts'
import type { DetectorConfig } from '../detector-config.ts'
import {
  endpointKey,
  principalKeyOf,
  serviceKey,
  type DetectionInput,
  type OwnBaseline,
  type PopulationBaseline,
  type PrincipalCounts,
} from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'
import { alphaFor } from '../test-budget.ts'
import { volumeBaseline } from '../volume-baseline.ts'

/**
 * Human activity is bursty: a principal's buckets are modelled with this much
 * over-dispersion unless the baseline's own buckets say otherwise — a prior
 * worth PRIOR_BUCKETS buckets, blended with the dispersion measured
 * (dispersionFor). A principal's own dozen buckets barely move it; an
 * endpoint population of thousands of buckets speaks for itself.
 */
const PRINCIPAL_DISPERSION = 0.5
const PRIOR_BUCKETS = 100

/**
 * Squared coefficient of extra variation, (variance − mean) / mean², the
 * prior and the measured one weighed by buckets. The prior is
 * PRINCIPAL_DISPERSION, or what the endpoint's (or service's) principals
 * show for themselves, pooled (pooled-dispersion.ts), when that is burstier
 * (peerPrior).
 */
export function dispersionFor(base: CountBaseline, prior = PRINCIPAL_DISPERSION): number {
  const mean = Math.max(base.mean, 1e-3)
  const measured = Math.max(0, (base.variance - mean) / (mean * mean))
  return (PRIOR_BUCKETS * prior + base.buckets * measured) / (PRIOR_BUCKETS + base.buckets)
}

interface Verdict {
  measure: Measure
  horizon: number
  /** The horizon's index in the counts. */
  index: number
  /** The false-alarm probability the test used. */
  alpha: number
  observed: number
  judgement: Judgement
  basis: Basis
  expected: number
}

type Basis = 'own history' | 'own history at the service' | 'endpoint population'

type Measure = 'requests' | 'objects' | 'denied'

/** A population baseline judges a horizon once the endpoint has existed this many horizons. */
export const POPULATION_AGE_HORIZONS = 2
const P95 = { requests: 'p95Requests', objects: 'p95Objects', denied: 'p95Denied' } as const

/**
 * The principal's own baseline at horizon `i` when it has enough buckets;
 * else, when the history holds too few of this horizon (an hour in two hours
 * of history), their own rate over the longest shorter horizon that has
 * enough, scaled — a heavy user stays judged as themselves, not against
 * everyone (scaling active buckets up only raises the bar).
 */
function ownBaselineAt(
  own: readonly (CountBaseline | undefined)[],
  horizons: readonly number[],
  i: number,
  minBuckets: number,
): CountBaseline | undefined {
  for (let j = i; j >= 0; j--) {
    const base = own[j]
    if (base && base.buckets >= minBuckets) return j === i ? base : scaled(base, horizons[i]! / horizons[j]!)
  }
  return undefined
}

/**
 * The dispersion prior a principal's peers give: burstier than
 * PRINCIPAL_DISPERSION when they browse in sessions, never thinner. Active
 * buckets never count 0, so light principals read as under-dispersed and the
 * pooled value cannot see burstiness below the prior (a pooled 0.1 let a
 * user's ordinary busy hour read as 6× their norm on held-out seed 603).
 */
const peerPrior = (pooled: number | undefined): number => Math.max(pooled ?? 0, PRINCIPAL_DISPERSION)

interface Reference {
  base: CountBaseline
  basis: Basis
  /** Dispersion prior for dispersionFor. */
  prior: number
}

/**
 * What a horizon's count is judged against: the principal's own history on
 * the endpoint when it has one. Otherwise the endpoint's population and, for
 * requests, their own requests at the service, all endpoints together (what
 * they do on any one endpoint is at most that, so it can only under-state
 * how unusual the count is) — both, each at half the false-alarm budget,
 * since either may be the sharper: a light user is sharper against
 * themselves, a heavy one against the population.
 */
function referencesAt(
  q: Question,
  ctx: Context,
  i: number,
  ownOfMeasure: readonly (CountBaseline | undefined)[] | undefined,
): Reference[] {
  const { horizons, config } = ctx
  const pop = ctx.population?.[i]
  const mine = ownOfMeasure ? ownBaselineAt(ownOfMeasure, horizons, i, config.minOwnBuckets) : undefined
  if (mine) return [{ base: mine, basis: 'own history', prior: peerPrior(pop?.ownDispersion[q.measure]) }]
  const out: Reference[] = []
  const popBase = pop?.[q.measure]
  if (popBase) out.push({ base: popBase, basis: 'endpoint population', prior: PRINCIPAL_DISPERSION })
  const atService =
    q.measure === 'requests' && ctx.serviceOwn
      ? ownBaselineAt(ctx.serviceOwn, horizons, i, config.minOwnBuckets)
      : undefined
  if (atService)
    out.push({
      base: atService,
      basis: 'own history at the service',
      prior: peerPrior(ctx.serviceDispersion?.[i]),
    })
  return out
}

interface Question {
  measure: Measure
  counts: readonly number[]
  /** Evidence floor on the measured count. */
  floor: number
  /** A further condition a horizon must meet to be judged (e.g. enough distinct ids besides refusals). */
  admits?: (i: number) => boolean
}

interface Context {
  horizons: readonly number[]
  own: readonly OwnBaseline[] | undefined
  /** The principal's own requests at the service, per horizon. */
  serviceOwn: readonly (CountBaseline | undefined)[] | undefined
  serviceDispersion: readonly (number | undefined)[] | undefined
  population: readonly PopulationBaseline[] | undefined
  /** The false-alarm probability a test at each horizon may use (test-budget.ts). */
  alpha: readonly number[]
  config: DetectorConfig
  endpointAgeSeconds: number
}

/**
 * The most significant horizon for the principal, against the references
 * `referencesAt` gives. The count must reach the evidence floor at any rate,
 * and the population's 95th percentile when judged against the population.
 * A user at 40× their own norm is judged against that norm even when heavy
 * users reach the same count.
 */
function judge(q: Question, ctx: Context): Verdict | undefined {
  const { horizons, population, alpha, config, endpointAgeSeconds } = ctx
  let best: Verdict | undefined
  // The principal's own baselines of this measure, per horizon: taken once, when a horizon gets that far.
  let ownOfMeasure: (CountBaseline | undefined)[] | undefined
  for (let i = 0; i < horizons.length; i++) {
    const horizon = horizons[i]!
    const observed = q.counts[i] ?? 0
    const pop = population?.[i]
    // Cheapest checks first: most principals stop here.
    if (observed < q.floor || !pop || !pop[q.measure] || !stillGoing(q.counts, horizons, i)) continue
    if (q.admits && !q.admits(i)) continue
    if (ctx.own && !ownOfMeasure) ownOfMeasure = ctx.own.map((b) => b[q.measure])
    const references = referencesAt(q, ctx, i, ownOfMeasure)
    for (const { base, basis, prior } of references) {
      // Against the population, the count must also reach its 95th percentile (a burst that is
      // ordinary for the endpoint is no abuse by someone it knows nothing else about), and the
      // population of a route adopted an hour ago is no norm for an hour-long horizon yet.
      if (
        basis === 'endpoint population' &&
        (observed < pop[P95[q.measure]] || endpointAgeSeconds < POPULATION_AGE_HORIZONS * horizon * 60)
      )
        continue
      const budget = alpha[i]! / references.length
      const judgement = judgeCount(observed, base, budget, config.minRatio, dispersionFor(base, prior))
      if (!judgement.significant) continue
      if (!best || judgement.pValue < best.judgement.pValue)
        best = { measure: q.measure, horizon, index: i, alpha: budget, observed, judgement, basis, expected: base.mean }
    }
  }
  return best
}

export function detectCallerAbuse(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const history = new Map(input.endpointHistory.map((h) => [endpointKey(h), h]))
  // Only asked for an abuse judged against the population: most windows never need it.
  const recurringPeak = (key: string): number | undefined => {
    const h = history.get(key)
    return h ? volumeBaseline(h, config, input.window.start)?.recurringPeak : undefined
  }
  const alpha = input.horizons.map((h) => alphaFor(config, config.testedPrincipals, h))
  const out: FindingDraft[] = []
  for (const c of input.principalCounts) {
    // Counts grow with the horizon: below both floors at the longest, nothing to judge.
    if ((c.requests.at(-1) ?? 0) < config.minAbuseRequests && (c.objects.at(-1) ?? 0) < config.minEnumerationObjects)
      continue
    const key = endpointKey(c)
    const since = history.get(key)?.firstSeen
    if (since === undefined || input.window.start - since < config.learningSeconds) continue // still learning this endpoint
    const ctx: Context = {
      horizons: input.horizons,
      own: input.baselines.own.get(principalKeyOf(key, c.principal)),
      serviceOwn: input.baselines.serviceOwn.get(serviceKey(c.service, c.principal)),
      serviceDispersion: input.baselines.serviceDispersion.get(c.service),
      population: input.baselines.population.get(key),
      alpha,
      config,
      endpointAgeSeconds: input.window.start - since,
    }
    const abuse = judge({ measure: 'requests', counts: c.requests, floor: config.minAbuseRequests }, ctx)
    const peak = abuse?.basis === 'endpoint population' ? recurringPeak(key) : undefined
    const recurringJob = abuse !== undefined && peak !== undefined && abuse.observed / abuse.horizon <= peak // the recurring job, seen from a new address
    if (abuse && !recurringJob) out.push(abuseFinding(c, abuse, ctx.own))
    const enumeration = judgeEnumeration(c, ctx)
    if (enumeration) out.push(enumerationFinding(c, enumeration))
  }
  return out
}

/**
 * Enumeration (BOLA probing): many distinct ids with a share of them refused.
 * Either the distinct ids are improbable for the principal, or the refusals
 * are — an ordinary user is rarely refused, so a slow probe that touches no
 * more ids than a busy reader still stands out by its 401/403/404s. Either
 * way the horizon needs `minEnumerationObjects` distinct ids and
 * `enumerationFailureRatio` of its requests refused.
 */
function judgeEnumeration(c: PrincipalCounts, ctx: Context): Verdict | undefined {
  const { config } = ctx
  const refusedEnough = (i: number): boolean =>
    (c.denied[i] ?? 0) / Math.max(1, c.requests[i] ?? 0) >= config.enumerationFailureRatio
  const objects = judge(
    { measure: 'objects', counts: c.objects, floor: config.minEnumerationObjects, admits: refusedEnough },
    ctx,
  )
  if (objects) return objects
  return judge(
    {
      measure: 'denied',
      counts: c.denied,
      floor: Math.ceil(config.minEnumerationObjects * config.enumerationFailureRatio),
      admits: (i) => refusedEnough(i) && (c.objects[i] ?? 0) >= config.minEnumerationObjects,
    },
    ctx,
  )
}

const who = (c: PrincipalCounts): string => (c.isUser ? `user ${c.principal}` : `client ${c.principal}`)
const over = (minutes: number): string => (minutes === 1 ? 'in 1 min' : `in ${minutes} min`)

function abuseFinding(c: PrincipalCounts, v: Verdict, own: readonly OwnBaseline[] | undefined): FindingDraft {
  const endpoint = endpointLabel(c.method, c.route)
  const i = v.index
  return {
    kind: 'endpoint_abuse',
    severity: v.judgement.ratio >= 20 ? 'high' : 'medium',
    score: round(v.judgement.ratio),
    entity: { service: c.service, endpoint, user: c.principal },
    summary: `${who(c)} made ${v.observed} requests ${over(v.horizon)} to ${c.service} ${endpoint}, ${round(v.judgement.ratio)}× the ${round(v.expected)} expected from the ${v.basis} (p = ${v.judgement.pValue.toExponential(1)}).`,
    evidence: {
      observed: {
        requests: v.observed,
        horizonMinutes: v.horizon,
        requestsPerMinute: round(v.observed / v.horizon),
        distinctObjects: c.objects[i] ?? 0,
        failures: c.failures[i] ?? 0,
        clientAddress: c.clientAddress,
      },
      baseline: { basis: v.basis, expectedRequests: round(v.expected), ownLargestBucket: own?.[i]?.maxRequests ?? 0 },
      threshold: { alpha: v.alpha, pValue: v.judgement.pValue },
      sampleTraceIds: c.sampleTraceIds,
    },
  }
}

function enumerationFinding(c: PrincipalCounts, v: Verdict): FindingDraft {
  const endpoint = endpointLabel(c.method, c.route)
  const i = v.index
  const objects = c.objects[i] ?? 0
  const denied = c.denied[i] ?? 0
  const requests = c.requests[i] ?? 0
  const expected =
    v.measure === 'objects' ? `${round(v.expected)} distinct ids expected` : `${round(v.expected)} refusals expected`
  return {
    kind: 'enumeration',
    severity: 'high',
    score: round(v.judgement.ratio),
    entity: { service: c.service, endpoint, user: c.principal },
    summary: `${who(c)} touched ${objects} distinct ids on ${c.service} ${endpoint} ${over(v.horizon)}, ${denied} of ${requests} refused (401/403/404); ${expected} from the ${v.basis}.`,
    evidence: {
      observed: {
        distinctObjects: objects,
        horizonMinutes: v.horizon,
        requests,
        denied,
        sampleObjectIds: c.sampleObjectIds.join(','),
      },
      baseline: {
        basis: v.basis,
        judged: v.measure === 'objects' ? 'distinct ids' : 'refused requests',
        [v.measure === 'objects' ? 'expectedObjects' : 'expectedRefusals']: round(v.expected),
      },
      threshold: { alpha: v.alpha, pValue: v.judgement.pValue, deniedRatio: round(denied / Math.max(1, requests)) },
      sampleTraceIds: c.sampleTraceIds,
    },
  }
}

export const round = (v: number): number => Math.round(v * 100) / 100
