// A whole simulated period: history to learn from, then an evaluation period
// with the injected attacks (or none, for a clean day) and the benign
// surprises — a traffic ramp, a new deployment, heavy users all along.
// Writes OTLP/JSON lines and returns the labels.
import { ATTACKS, injectAttack, type AttackLabel, type ConditionWindow, type InjectedAttack } from './attacks.ts'
import { loadFactor } from './load-curve.ts'
import { entryPopularity, ordinaryMinute, type OrdinaryTraffic } from './ordinary-traffic.ts'
import { SessionFollowUps, type SessionStyle, sessionStyleFor, volumePerRequest } from './user-sessions.ts'
import { seededRandom } from './random.ts'
import { injectSweepAttack, SWEEP_ATTACKS } from './sweep-attacks.ts'
import { buildTrace, type ConditionsAt, type PrincipalKey, type SimSpan } from './trace-builder.ts'
import { generateTopology, type Topology } from './topology.ts'
import { namingStyleFor, type NamingStyle } from './naming-style.ts'
import { generateAudience } from './users.ts'
import { buildWorldExtras, type WorldExtras } from './world-extras.ts'
import { toOtlpJsonLine } from './otlp-json-lines.ts'
import { fileLineSink, type LineSink } from './line-sinks.ts'

export interface ScenarioOptions {
  seed: number
  /** Epoch seconds, minute-aligned: the start of the history. */
  start: number
  historyHours: number
  evaluationHours: number
  /** Backend services (besides entry and auth). */
  backends: number
  /** Draw the number of backends per seed in this range (inclusive), from its own stream, instead of `backends`. */
  backendsRange?: readonly [number, number]
  maxEndpoints: number
  users: number
  peakPerMinute: number
  /** false: a clean period (benign surprises only). */
  attacks: boolean
  /** Rounds of the attack list in the evaluation period. @default 1 */
  rounds?: number
  /** How services name the principal. @default 'enduser.id' */
  principalKey?: PrincipalKey
  /** The intensity sweep's attacks (sweep-attacks.ts) instead of the standard list. */
  sweep?: { intensity: number; addresses: number }
  /** How the shop names its entry and auth services and routes. @default namingStyleFor(seed) */
  naming?: NamingStyle
  /** Share of attacks that start while the previous one is still going. @default 0 */
  overlap?: number
  /** How users browse in sessions (user-sessions.ts). @default sessionStyleFor(seed) */
  sessions?: SessionStyle
  /** The world's extras (world-extras.ts): a recurring job, an adopted endpoint, a login wave, databases, a queue. @default true */
  extras?: boolean
}

export interface BenignSurprise {
  name: string
  start: number
  end: number
}

export interface ScenarioResult {
  topology: Topology
  labels: AttackLabel[]
  benign: BenignSurprise[]
  evaluation: { from: number; to: number }
  spans: number
  lines: number
  /** Endpoints that carry traffic (the denominator of false alerts per 100 endpoints). */
  endpoints: number
}

const SPANS_PER_LINE = 2000

/** Writes the scenario to a file of OTLP/JSON lines (what `tracehound replay` reads). */
export async function writeScenario(
  options: ScenarioOptions,
  file: string,
  onProgress?: (minute: number, minutes: number) => void,
): Promise<ScenarioResult> {
  return emitScenario(options, fileLineSink(file), onProgress)
}

/** Generates the scenario minute by minute into a sink; the sink is closed at the end. */
export async function emitScenario(
  options: ScenarioOptions,
  sink: LineSink,
  onProgress?: (minute: number, minutes: number) => void,
): Promise<ScenarioResult> {
  const random = seededRandom(options.seed)
  const backends = options.backendsRange
    ? seededRandom(options.seed * 7_919 + 3).int(...options.backendsRange)
    : options.backends
  const topology = generateTopology(random, {
    backends,
    maxEndpoints: options.maxEndpoints,
    naming: options.naming ?? namingStyleFor(options.seed),
  })
  const audience = generateAudience(random, options.users)
  const traffic: OrdinaryTraffic = {
    topology,
    audience,
    peakPerMinute: options.peakPerMinute,
    popularity: entryPopularity(random, topology),
  }
  const totalPopularity = traffic.popularity.reduce((s, p) => s + p, 0)
  const evalFrom = options.start + options.historyHours * 3600
  const evalTo = evalFrom + options.evaluationHours * 3600

  // Benign surprises in the evaluation period: a marketing ramp (volume ×1.8
  // over 20 minutes, held 40), and a deployment (new version, slower) of one backend.
  const rampStart = evalFrom + Math.floor((options.evaluationHours * 3600 * 0.3) / 60) * 60
  const deployAt = evalFrom + Math.floor((options.evaluationHours * 3600 * 0.6) / 60) * 60
  const deployed = topology.services[2 + random.int(0, backends - 1)]!
  const benign: BenignSurprise[] = [
    { name: 'traffic ramp ×1.8 over 20 min', start: rampStart, end: rampStart + 3600 },
    { name: `deployment of ${deployed} 2.0.0 (40% slower)`, start: deployAt, end: evalTo },
    {
      name: `${audience.users.filter((u) => u.heavy).length} heavy users all along`,
      start: options.start,
      end: evalTo,
    },
  ]
  const rampFactor = (at: number): number =>
    at < rampStart ? 1 : at < rampStart + 1200 ? 1 + (0.8 * (at - rampStart)) / 1200 : at < rampStart + 3600 ? 1.8 : 1
  const perMinute = (endpoint: number, at: number): number =>
    (options.peakPerMinute * loadFactor(at) * rampFactor(at) * traffic.popularity[topology.entry.indexOf(endpoint)]!) /
    totalPopularity
  const principalKey = options.principalKey ?? 'enduser.id'
  const extras: WorldExtras | undefined =
    options.extras === false
      ? undefined
      : buildWorldExtras(topology, audience, {
          seed: options.seed,
          start: options.start,
          evalFrom,
          evalTo,
          peakPerMinute: options.peakPerMinute,
          principalKey,
        })
  for (const surprise of extras?.surprises ?? []) benign.push(surprise)
  const sessionStyle = options.sessions ?? sessionStyleFor(options.seed)
  const sessions = new SessionFollowUps(options.seed, sessionStyle, topology, traffic.popularity, audience)
  if (sessionStyle.follow > 0)
    benign.push({
      name: `users browse in sessions (${Math.round(sessionStyle.follow * 100)} % of requests lead to ~${sessionStyle.meanFollowUps.toFixed(1)} more within ${Math.round(sessionStyle.spreadSeconds / 60)} min)`,
      start: options.start,
      end: evalTo,
    })
  const decorate = (trace: SimSpan[]): SimSpan[] => extras?.decorate(trace) ?? trace

  // Attacks, spaced through the evaluation period in a seeded order.
  const injected: InjectedAttack[] = []
  if (options.attacks) {
    const rounds = options.rounds ?? 1
    const kinds: readonly string[] = options.sweep ? SWEEP_ATTACKS : ATTACKS
    const order = Array.from({ length: rounds }, () => [...kinds].sort(() => random.next() - 0.5)).flat()
    const gap = Math.floor((options.evaluationHours * 3600 - 1200) / order.length / 60) * 60
    if (gap < 600)
      throw new RangeError(
        `evaluation period of ${options.evaluationHours} h is too short for ${order.length} attacks: they need 10 minutes apart at least`,
      )
    // Up to 3 minutes of jitter, never closer than 10 minutes to the next attack.
    const jitter = Math.min(3, (gap - 600) / 60)
    const totalWeight = audience.users.reduce((a, u) => a + u.weight, 0)
    const userPerMinute = (u: number, at: number): number =>
      (options.peakPerMinute * loadFactor(at) * rampFactor(at) * 0.94 * audience.users[u]!.weight) / totalWeight
    const sweep = options.sweep
    // Some attacks start while the one before is still going (0–2 minutes
    // after it), drawn from their own stream so the rest of the seed stays.
    const overlapping = seededRandom(options.seed * 31 + 11)
    let previous = evalFrom
    order.forEach((kind, i) => {
      const own = evalFrom + 600 + i * gap + random.int(0, jitter) * 60
      const at = i > 0 && overlapping.next() < (options.overlap ?? 0) ? previous + overlapping.int(0, 2) * 60 : own
      previous = at
      const ctx = { topology, audience, random, perMinute }
      injected.push(
        sweep
          ? injectSweepAttack(kind as (typeof SWEEP_ATTACKS)[number], { ...ctx, ...sweep, userPerMinute }, at)
          : injectAttack(kind as (typeof ATTACKS)[number], ctx, at),
      )
    })
  }
  const conditionWindows: ConditionWindow[] = [
    { service: deployed, from: deployAt, to: evalTo, conditions: { version: '2.0.0', latencyFactor: 1.4 } },
    ...injected.flatMap((a) => a.conditions ?? []),
  ]
  const conditions: ConditionsAt = (service, at) => {
    let merged: ConditionWindow['conditions'] | undefined
    for (const w of conditionWindows)
      if (w.service === service && at >= w.from && at < w.to) merged = { ...merged, ...w.conditions }
    return merged
  }

  // Attack requests by minute, so they interleave with the ordinary traffic.
  const attackByMinute = new Map<number, { attack: InjectedAttack; request: InjectedAttack['requests'][number] }[]>()
  for (const attack of injected) {
    for (const request of attack.requests) {
      const minute = Math.floor(request.at / 60) * 60
      attackByMinute.set(minute, [...(attackByMinute.get(minute) ?? []), { attack, request }])
    }
  }

  let pending: SimSpan[] = []
  let spans = 0
  let lines = 0
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return
    await sink.write(toOtlpJsonLine(pending))
    spans += pending.length
    lines++
    pending = []
  }
  const seenEndpoints = new Set<string>()
  /** Ordinary traffic: queued, and its server spans counted as endpoints with traffic. */
  const take = (span: SimSpan): void => {
    if (span.kind === 2) seenEndpoints.add(`${span.service} ${span.name}`)
    pending.push(span)
  }
  const minutes = (options.historyHours + options.evaluationHours) * 60
  for (let m = 0; m < minutes; m++) {
    const minuteStart = options.start + m * 60
    // Sessions add follow-ups to the ordinary requests; the ordinary volume is divided so that the load stays.
    const ordinary = ordinaryMinute(
      traffic,
      random,
      minuteStart,
      rampFactor(minuteStart) / volumePerRequest(sessionStyle),
    )
    for (const request of [...ordinary, ...sessions.take(minuteStart, ordinary)]) {
      for (const span of decorate(buildTrace(topology, random, request, conditions, principalKey))) take(span)
    }
    for (const span of extras?.spansInMinute(minuteStart, conditions) ?? []) take(span)
    for (const { attack, request } of attackByMinute.get(minuteStart) ?? [])
      pending.push(...decorate(buildTrace(attack.topology ?? topology, random, request, conditions, principalKey)))
    if (pending.length >= SPANS_PER_LINE) await flush()
    if (m % 10 === 0) onProgress?.(m, minutes)
  }
  await flush()
  await sink.close()
  onProgress?.(minutes, minutes)
  return {
    topology: extras
      ? {
          ...topology,
          services: [...topology.services, ...extras.services],
          edges: [...new Set([...topology.edges, ...extras.edges])].sort(),
        }
      : topology,
    labels: injected.map((a) => a.label),
    benign,
    evaluation: { from: evalFrom, to: evalTo },
    spans,
    lines,
    endpoints: seenEndpoints.size,
  }
}
