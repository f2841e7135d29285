// Learned flows: for an endpoint (a step), the endpoints one of which the
// same user almost always called shortly before it in their session (its
// predecessors), e.g. POST /checkout — or POST /checkout/express — before
// POST /checkout/confirm. Learned from the per-user rollup (never the
// spans), once per hour of event time and cached, so a replayed range and
// live detection learn the same flows.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type Window } from './detection-input.ts'
import { EpochClock } from './epoch-clock.ts'
import { rememberedOrLearned, stateKey } from './epoch-state.ts'

export interface EndpointRef {
  service: string
  method: string
  route: string
}

export interface LearnedFlow {
  step: EndpointRef
  /** Any of them satisfies the step (strongest first). */
  predecessors: EndpointRef[]
  /** (user, minute) calls of the step in the learning horizon. */
  occurrences: number
  /** Distinct users behind them. */
  users: number
  /** Share of those calls with one of the predecessors earlier in the session. */
  precededRatio: number
  /**
   * Principals that called the step without its predecessors through the
   * learning period (EXEMPT_MIN_CALLS minutes or more, half of their calls or
   * more): a job or an integration that uses the backend directly, every
   * period. Their calls are their norm, not a bypass. Absent in flows chosen
   * without the learning pass (tests).
   */
  exempt?: string[]
}

/** A principal needs this many unpreceded (minute) calls of a step during learning to be exempt from its flow. */
export const EXEMPT_MIN_CALLS = 3
/** At most this many exempt principals per step (the most frequent). */
const MAX_EXEMPT = 50

/** Calls (per minute and endpoint) of a user looked at before a step: a session of 15 minutes holds far fewer for people. */
const SESSION_CALLS = 200

/** A predecessor with less than this share of a step's calls is not part of its flow. */
const CANDIDATE_SHARE = 0.1
/** Alternatives a step's precondition may have. */
const MAX_PREDECESSORS = 3

/** How often `predecessor` ('' for every call) came before calls of `step` in the same user's session. */
export interface FlowPair {
  step: string
  predecessor: string
  /** Calls of the step it preceded (for '': all calls of the step). */
  occurrences: number
  users: number
  /** Of those, calls with the predecessor in the step's own minute. */
  sameMinute?: number
}

/** Share of a step's calls preceded by at least one of `predecessors`; undefined when unknown. */
export type Coverage = (step: string, predecessors: readonly string[]) => number | undefined

// Keys are endpointKey()s: service, method and route joined by NUL, as everywhere in the detector.
const SEP = '\u0000'
const toRef = (key: string): EndpointRef => {
  const [service = '', method = '', ...route] = key.split(SEP)
  return { service, method, route: route.join(SEP) }
}

/**
 * Picks, per step, the smallest set of predecessors (up to three) that
 * together precede the threshold share of its calls, when the step has
 * enough calls from enough users and every predecessor is specific to the
 * step: an endpoint every active user calls all the time (a home page)
 * precedes everything and is no flow — its share before the step must be
 * `minFlowLift` times its share before other calls. A single predecessor's
 * share comes from `pairs`; a set's from `coverage` (which knows which calls
 * had which predecessors). Pure.
 */
export function chooseFlows(
  pairs: readonly FlowPair[],
  config: Pick<DetectorConfig, 'minFlowOccurrences' | 'minFlowUsers' | 'flowPrecededRatio' | 'minFlowLift'>,
  coverage: Coverage = () => undefined,
  downstream: Downstream = () => false,
): LearnedFlow[] {
  const out: LearnedFlow[] = []
  for (const [step, candidates] of flowCandidates(pairs, config, downstream)) {
    const total = candidates.total
    const best = candidates.list[0]!
    let chosen: { keys: string[]; ratio: number } | undefined =
      best.ratio >= config.flowPrecededRatio ? { keys: [best.key], ratio: best.ratio } : undefined
    if (!chosen && candidates.list.length > 1) {
      // Greedy: add the candidate that covers most, until the set covers enough.
      const keys: string[] = []
      let ratio = 0
      while (keys.length < MAX_PREDECESSORS && ratio < config.flowPrecededRatio) {
        let next: { key: string; ratio: number } | undefined
        for (const c of candidates.list) {
          if (keys.includes(c.key)) continue
          const r = coverage(step, [...keys, c.key])
          if (r !== undefined && (!next || r > next.ratio)) next = { key: c.key, ratio: r }
        }
        if (!next || next.ratio <= ratio) break
        keys.push(next.key)
        ratio = next.ratio
      }
      if (ratio >= config.flowPrecededRatio) chosen = { keys, ratio }
    }
    if (chosen)
      out.push({
        step: toRef(step),
        predecessors: chosen.keys.map(toRef),
        occurrences: total.occurrences,
        users: total.users,
        precededRatio: chosen.ratio,
      })
  }
  return out.sort((a, b) => endpointKey(a.step).localeCompare(endpointKey(b.step)))
}

/**
 * A candidate on a service the step's service calls (directly or further
 * down), found in the step's own minute for at least this share of the
 * step's calls, is a call the step makes, not a step the user took first: a
 * person's previous step falls in an earlier minute a good part of the time.
 * The rollup does not order calls within a minute, so such a flow whose
 * steps always follow within seconds is not learned (its bypass is missed
 * rather than invented); steps on the same service are not affected.
 */
const SAME_MINUTE_SHARE = 0.95

/** Whether `to` is `from` or a service `from` calls, directly or through others (span edges). */
export type Downstream = (from: string, to: string) => boolean

/** Per step with enough calls and users: its specific predecessors with at least CANDIDATE_SHARE, strongest first. */
export function flowCandidates(
  pairs: readonly FlowPair[],
  config: Pick<DetectorConfig, 'minFlowOccurrences' | 'minFlowUsers' | 'minFlowLift'>,
  downstream: Downstream = () => false,
): Map<string, { total: { occurrences: number; users: number }; list: { key: string; ratio: number }[] }> {
  const serviceOf = (key: string): string => key.slice(0, key.indexOf(SEP))
  const calledBy = (step: string, predecessor: string): boolean => {
    const [from, to] = [serviceOf(step), serviceOf(predecessor)]
    return from !== to && downstream(from, to)
  }
  const totals = new Map(pairs.filter((p) => p.predecessor === '').map((p) => [p.step, p]))
  const allCalls = [...totals.values()].reduce((a, t) => a + t.occurrences, 0)
  const precededCalls = new Map<string, number>()
  for (const p of pairs)
    if (p.predecessor !== '') precededCalls.set(p.predecessor, (precededCalls.get(p.predecessor) ?? 0) + p.occurrences)
  const out = new Map<
    string,
    { total: { occurrences: number; users: number }; list: { key: string; ratio: number }[] }
  >()
  for (const p of pairs) {
    const total = totals.get(p.step)
    if (
      p.predecessor === '' ||
      !total ||
      total.occurrences < config.minFlowOccurrences ||
      total.users < config.minFlowUsers
    )
      continue
    const ratio = p.occurrences / total.occurrences
    if (
      ratio < CANDIDATE_SHARE ||
      ((p.sameMinute ?? 0) >= SAME_MINUTE_SHARE * total.occurrences && calledBy(p.step, p.predecessor))
    )
      continue
    // How often the predecessor precedes calls other than this step (and itself).
    const otherCalls = allCalls - total.occurrences - (totals.get(p.predecessor)?.occurrences ?? 0)
    const elsewhere = otherCalls > 0 ? ((precededCalls.get(p.predecessor) ?? 0) - p.occurrences) / otherCalls : 0
    if (elsewhere > 0 && ratio / elsewhere < config.minFlowLift) continue
    const entry = out.get(p.step) ?? { total, list: [] }
    entry.list.push({ key: p.predecessor, ratio })
    out.set(p.step, entry)
  }
  for (const entry of out.values())
    entry.list = entry.list.sort((a, b) => b.ratio - a.ratio || a.key.localeCompare(b.key)).slice(0, MAX_PREDECESSORS)
  return out
}

/**
 * Endpoints most of whose requests come from another instrumented service
 * that serves requests itself (paired spans; a proxy that records only its
 * client span is not one): calls a service makes on a user's behalf while
 * serving them, not steps the user took. Where services propagate the user, an inner endpoint only one
 * step reaches would otherwise be learned as a step of its own, and a
 * bypass of that step reported again at every hop behind it.
 */
const INTERNAL_ENDPOINTS = `SELECT concat(e.s, char(0), e.m, char(0), e.r) FROM
    (SELECT CalleeService AS s, CalleeMethod AS m, CalleeRoute AS r, sum(Calls) AS c FROM service_edges_minute
     WHERE Source = 'span' AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})
       AND CallerService IN (SELECT ServiceName FROM endpoint_minute
                             WHERE Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32}))
     GROUP BY s, m, r) AS e
    INNER JOIN
    (SELECT ServiceName AS s, Method AS m, Route AS r, sum(Requests) AS n FROM endpoint_minute
     WHERE Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32}) GROUP BY s, m, r) AS q
    ON e.s = q.s AND e.m = q.m AND e.r = q.r
    WHERE e.c * 2 >= q.n`

export class FlowBaseline {
  private readonly learned = new Map<number, Promise<LearnedFlow[]>>()

  private readonly store: Store
  private readonly config: DetectorConfig
  private readonly clock: EpochClock
  /** Learned flows are kept per epoch in the store under this key (epoch-state.ts). */
  private readonly key: string

  constructor(store: Store, config: DetectorConfig, clock: EpochClock = new EpochClock(store, config)) {
    this.store = store
    this.config = config
    this.clock = clock
    this.key = stateKey(config)
  }

  /** The flows in force for a window: learned from the hours before the window's hour. */
  async flowsFor(window: Window): Promise<LearnedFlow[]> {
    const epoch = await this.clock.epochOf(window.start)
    let flows = this.learned.get(epoch)
    if (!flows) {
      flows = rememberedOrLearned(this.store, 'flows', this.key, epoch, () => this.learn(epoch))
      this.learned.set(epoch, flows)
      flows.catch(() => this.learned.delete(epoch)) // a failed read is retried next window
      for (const old of this.learned.keys()) if (old < epoch) this.learned.delete(old)
    }
    return flows
  }

  private async learn(until: number): Promise<LearnedFlow[]> {
    // Per user, the (minute, endpoint) calls in the horizon; for each call of
    // a step, the endpoints the same user called in the session before it
    // (same minute included: the rollup does not order calls within a minute).
    // '' stands for "every call", the denominator.
    // Calls are sorted by minute, so a step's session is a slice around it:
    // at most SESSION_CALLS calls before it (and the rest of its minute) are
    // looked at, which keeps the cost linear for clients active all day.
    const sessions = `SELECT user, step.2 AS stepKey,
                arrayDistinct(arrayMap(c -> c.2, arrayFilter(c -> c.1 <= step.1 AND c.1 + {session:UInt32} >= step.1 AND c.2 != step.2,
                  arraySlice(calls, greatest(1, toInt64(i) - ${SESSION_CALLS}), ${SESSION_CALLS * 2})))) AS before,
                arrayDistinct(arrayMap(c -> c.2, arrayFilter(c -> c.1 = step.1 AND c.2 != step.2,
                  arraySlice(calls, greatest(1, toInt64(i) - ${SESSION_CALLS}), ${SESSION_CALLS * 2})))) AS same
         FROM (
           SELECT UserId AS user, arraySort(groupArray((toUInt32(Minute), key))) AS calls FROM (
             SELECT UserId, Minute, concat(ServiceName, char(0), Method, char(0), Route) AS key FROM user_endpoint_minute
             WHERE UserId != '' AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})
               AND key NOT IN (${INTERNAL_ENDPOINTS})
             GROUP BY UserId, Minute, key)
           GROUP BY user)
         ARRAY JOIN calls AS step, arrayEnumerate(calls) AS i`
    const params = {
      from: Math.max(0, until - this.config.flowLearningSeconds),
      until,
      session: this.config.flowSessionSeconds,
    }
    const rows = await this.store.query<{
      step: string
      predecessor: string
      occurrences: string
      users: string
      sameMinute: string
    }>(
      `SELECT stepKey AS step, predecessor, count() AS occurrences, uniqExact(user) AS users,
              countIf(has(same, predecessor)) AS sameMinute
       FROM (SELECT user, stepKey, same, arrayJoin(arrayPushBack(before, '')) AS predecessor FROM (${sessions}))
       GROUP BY stepKey, predecessor`,
      params,
    )
    const pairs: FlowPair[] = rows.map((r) => ({
      step: r.step,
      predecessor: r.predecessor,
      occurrences: Number(r.occurrences),
      users: Number(r.users),
      sameMinute: Number(r.sameMinute),
    }))
    const downstream = callGraph(
      await this.store.query<{ caller: string; callee: string }>(
        `SELECT DISTINCT CallerService AS caller, CalleeService AS callee FROM service_edges_minute
         WHERE Source = 'span' AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})`,
        params,
      ),
    )
    // Steps no single predecessor covers, with alternatives: which of the
    // candidates preceded each call, to measure what a set covers together.
    const candidates = [...flowCandidates(pairs, this.config, downstream)].filter(
      ([, c]) => c.list.length > 1 && c.list[0]!.ratio < this.config.flowPrecededRatio,
    )
    if (candidates.length === 0)
      return this.withExemptions(chooseFlows(pairs, this.config, undefined, downstream), sessions, params)
    const keys = [...new Set(candidates.flatMap(([, c]) => c.list.map((x) => x.key)))]
    const combos = await this.store.query<{ step: string; found: string[]; occurrences: string }>(
      `SELECT stepKey AS step, arraySort(arrayIntersect(before, {keys:Array(String)})) AS found, count() AS occurrences
       FROM (${sessions}) WHERE stepKey IN {steps:Array(String)} GROUP BY step, found`,
      { ...params, keys, steps: candidates.map(([step]) => step) },
    )
    const totals = new Map(candidates.map(([step, c]) => [step, c.total.occurrences]))
    const coverage: Coverage = (step, predecessors) => {
      const total = totals.get(step)
      if (!total) return undefined
      const covered = combos
        .filter((c) => c.step === step && c.found.some((k) => predecessors.includes(k)))
        .reduce((a, c) => a + Number(c.occurrences), 0)
      return covered / total
    }
    return this.withExemptions(chooseFlows(pairs, this.config, coverage, downstream), sessions, params)
  }

  /** The flows with the principals that, through the learning period, called each step without it (see `exempt`). */
  private async withExemptions(
    flows: LearnedFlow[],
    sessions: string,
    params: Record<string, unknown>,
  ): Promise<LearnedFlow[]> {
    if (flows.length === 0) return flows
    const steps = flows.map((f) => endpointKey(f.step))
    const rows = await this.store.query<{ step: string; users: string[] }>(
      `SELECT step, arraySlice(arrayMap(x -> x.2, arrayReverseSort(groupArray((unpreceded, user)))), 1, ${MAX_EXEMPT}) AS users
       FROM (
         SELECT stepKey AS step, user, count() AS calls,
                countIf(NOT hasAny(arrayMap(p -> concat(stepKey, char(1), p), before), {pairs:Array(String)})) AS unpreceded
         FROM (${sessions}) WHERE stepKey IN {steps:Array(String)}
         GROUP BY step, user
         HAVING unpreceded >= ${EXEMPT_MIN_CALLS} AND unpreceded * 2 >= calls)
       GROUP BY step`,
      {
        ...params,
        steps,
        // step \u0001 predecessor, for each learned predecessor of each step.
        pairs: flows.flatMap((f) => f.predecessors.map((p) => `${endpointKey(f.step)}\u0001${endpointKey(p)}`)),
      },
    )
    const exempt = new Map(rows.map((r) => [r.step, [...r.users].sort()]))
    return flows.map((f) => ({ ...f, exempt: exempt.get(endpointKey(f.step)) ?? [] }))
  }
}

/** Which services each service reaches through span edges, directly or further down. Pure. */
export function callGraph(edges: readonly { caller: string; callee: string }[]): Downstream {
  const calls = new Map<string, string[]>()
  for (const { caller, callee } of edges) calls.set(caller, [...(calls.get(caller) ?? []), callee])
  const reached = new Map<string, Set<string>>()
  const reach = (from: string): Set<string> => {
    let found = reached.get(from)
    if (found) return found
    found = new Set()
    const queue = [from]
    while (queue.length > 0)
      for (const next of calls.get(queue.pop()!) ?? [])
        if (!found.has(next)) {
          found.add(next)
          queue.push(next)
        }
    reached.set(from, found)
    return found
  }
  return (from, to) => from === to || reach(from).has(to)
}
