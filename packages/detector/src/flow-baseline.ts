// Learned flows: for an endpoint (a step), the endpoint the same user almost
// always called shortly before it in their session (its predecessor), e.g.
// POST /checkout before POST /checkout/confirm. Learned from the per-user
// rollup (never the spans), once per hour of event time and cached, so a
// replayed range and live detection learn the same flows.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type Window } from './detection-input.ts'

export interface EndpointRef {
  service: string
  method: string
  route: string
}

export interface LearnedFlow {
  step: EndpointRef
  predecessor: EndpointRef
  /** (user, minute) calls of the step in the learning horizon. */
  occurrences: number
  /** Distinct users behind them. */
  users: number
  /** Share of those calls with the predecessor earlier in the session. */
  precededRatio: number
}

/** Epoch seconds: flows for a window are learned from the hours before this. */
const LEARN_EVERY = 3600

// Keys are endpointKey()s: service, method and route joined by NUL, as everywhere in the detector.
const SEP = '\u0000'
const toRef = (key: string): EndpointRef => {
  const [service = '', method = '', ...route] = key.split(SEP)
  return { service, method, route: route.join(SEP) }
}

/**
 * Picks, per step, the predecessor with the highest share, when the step has
 * enough calls from enough users, the share reaches the threshold, and the
 * predecessor is specific to the step: an endpoint every active user calls
 * all the time (a home page) precedes everything and is no flow — its share
 * before the step must be `minFlowLift` times its share before other calls.
 * Pure.
 */
export function chooseFlows(pairs: readonly { step: string; predecessor: string; occurrences: number; users: number }[], config: Pick<DetectorConfig, 'minFlowOccurrences' | 'minFlowUsers' | 'flowPrecededRatio' | 'minFlowLift'>): LearnedFlow[] {
  const totals = new Map(pairs.filter((p) => p.predecessor === '').map((p) => [p.step, p]))
  const allCalls = [...totals.values()].reduce((a, t) => a + t.occurrences, 0)
  const precededCalls = new Map<string, number>()
  for (const p of pairs) if (p.predecessor !== '') precededCalls.set(p.predecessor, (precededCalls.get(p.predecessor) ?? 0) + p.occurrences)
  const best = new Map<string, LearnedFlow>()
  for (const p of pairs) {
    const total = totals.get(p.step)
    if (p.predecessor === '' || !total || total.occurrences < config.minFlowOccurrences || total.users < config.minFlowUsers) continue
    const ratio = p.occurrences / total.occurrences
    if (ratio < config.flowPrecededRatio || (best.get(p.step)?.precededRatio ?? -1) >= ratio) continue
    // How often the predecessor precedes calls other than this step (and itself).
    const otherCalls = allCalls - total.occurrences - (totals.get(p.predecessor)?.occurrences ?? 0)
    const elsewhere = otherCalls > 0 ? ((precededCalls.get(p.predecessor) ?? 0) - p.occurrences) / otherCalls : 0
    if (elsewhere > 0 && ratio / elsewhere < config.minFlowLift) continue
    best.set(p.step, { step: toRef(p.step), predecessor: toRef(p.predecessor), occurrences: total.occurrences, users: total.users, precededRatio: ratio })
  }
  return [...best.values()].sort((a, b) => endpointKey(a.step).localeCompare(endpointKey(b.step)))
}

export class FlowBaseline {
  private readonly learned = new Map<number, Promise<LearnedFlow[]>>()

  private readonly store: Store
  private readonly config: DetectorConfig

  constructor(store: Store, config: DetectorConfig) {
    this.store = store
    this.config = config
  }

  /** The flows in force for a window: learned from the hours before the window's hour. */
  flowsFor(window: Window): Promise<LearnedFlow[]> {
    const epoch = Math.floor(window.start / LEARN_EVERY) * LEARN_EVERY
    let flows = this.learned.get(epoch)
    if (!flows) {
      flows = this.learn(epoch)
      this.learned.set(epoch, flows)
      flows.catch(() => this.learned.delete(epoch)) // a failed read is retried next window
      for (const old of this.learned.keys()) if (old < epoch - LEARN_EVERY) this.learned.delete(old)
    }
    return flows
  }

  private async learn(until: number): Promise<LearnedFlow[]> {
    // Per user, the (minute, endpoint) calls in the horizon; for each call of
    // a step, the endpoints the same user called in the session before it
    // (same minute included: the rollup does not order calls within a minute).
    // '' stands for "every call", the denominator.
    const rows = await this.store.query<{ step: string; predecessor: string; occurrences: string; users: string }>(
      `SELECT stepKey AS step, predecessor, count() AS occurrences, uniqExact(user) AS users FROM (
         SELECT user, step.2 AS stepKey, arrayJoin(arrayPushBack(arrayDistinct(arrayMap(c -> c.2, arrayFilter(c -> c.1 <= step.1 AND c.1 + {session:UInt32} >= step.1 AND c.2 != step.2, calls))), '')) AS predecessor
         FROM (
           SELECT UserId AS user, groupArray((toUInt32(Minute), key)) AS calls FROM (
             SELECT UserId, Minute, concat(ServiceName, char(0), Method, char(0), Route) AS key FROM user_endpoint_minute
             WHERE UserId != '' AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})
             GROUP BY UserId, Minute, key)
           GROUP BY user)
         ARRAY JOIN calls AS step)
       GROUP BY stepKey, predecessor`,
      { from: Math.max(0, until - this.config.flowLearningSeconds), until, session: this.config.flowSessionSeconds },
    )
    return chooseFlows(
      rows.map((r) => ({ step: r.step, predecessor: r.predecessor, occurrences: Number(r.occurrences), users: Number(r.users) })),
      this.config,
    )
  }
}
