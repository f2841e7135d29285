// Reads one window's DetectionInput from the store: counts over the horizons
// ending at it and its own edges and secrets (window-reads.ts, read in
// chunks of windows), and the baselines learned once per epoch
// (baseline-cache.ts, epoch-clock.ts), so a window's cost does not depend on how much
// history exists. Every value is a bound parameter.
import type { Store } from '@tracehound/store'
import { BaselineCache } from './baseline-cache.ts'
import { EpochClock } from './epoch-clock.ts'
import { flowEpochConfig, type DetectorConfig } from './detector-config.ts'
import { endpointKey, type DetectionInput, type FlowBypass, type Window } from './detection-input.ts'
import { FlowBaseline } from './flow-baseline.ts'
import { readFlowBypasses } from './flow-bypass-reader.ts'
import { readAdoptionPeriods } from './adoption-reads.ts'
import { readWindows, type WindowReads } from './window-reads.ts'

/** What one window reads besides the baselines. */
interface Fetched {
  reads: WindowReads
  bypasses: FlowBypass[]
}

/** What detection keeps across windows: learned flows, the baselines of the epoch, and window reads fetched ahead. */
export class DetectionState {
  readonly flows: FlowBaseline
  readonly baselines: BaselineCache
  readonly clock: EpochClock
  readonly #store: Store
  readonly #config: DetectorConfig
  readonly #ahead = new Map<number, Promise<Fetched | undefined>>()

  constructor(store: Store, config: DetectorConfig) {
    this.#store = store
    this.#config = config
    this.clock = new EpochClock(store, config)
    // Flows keep coarser epochs than the baselines once history is mature; each baseline epoch lies in one.
    this.flows = new FlowBaseline(store, config, new EpochClock(store, flowEpochConfig(config)))
    this.baselines = new BaselineCache(store, config, this.clock)
  }

  /** Reads these (closed) windows ahead, one query set per baseline epoch; a failed chunk is read again window by window. */
  prefetch(windows: readonly Window[]): void {
    const byEnd = (async () => {
      const epochs = await Promise.all(windows.map((w) => this.clock.epochOf(w.start)))
      const byEpoch = new Map<number, Window[]>()
      windows.forEach((w, i) => {
        const group = byEpoch.get(epochs[i]!) ?? []
        group.push(w)
        byEpoch.set(epochs[i]!, group)
      })
      const out = new Map<number, Promise<Fetched | undefined>>()
      for (const [epoch, group] of byEpoch) {
        const chunk = this.#fetch(group, epoch)
        for (const w of group)
          out.set(
            w.end,
            chunk.then((m) => m.get(w.end)),
          )
      }
      return out
    })()
    for (const w of windows)
      this.#ahead.set(
        w.end,
        byEnd.then((m) => m.get(w.end)).catch(() => undefined),
      )
  }

  /** The window's reads: fetched ahead, or now. */
  async fetched(window: Window): Promise<Fetched> {
    const ahead = this.#ahead.get(window.end)
    this.#ahead.delete(window.end)
    const found = ahead ? await ahead : undefined
    return found ?? (await this.#fetch([window], await this.clock.epochOf(window.start))).get(window.end)!
  }

  /** Windows of one epoch: the flows in force, and what was seen since it began, are that epoch's. */
  async #fetch(windows: readonly Window[], epoch: number): Promise<Map<number, Fetched>> {
    const [reads, bypasses] = await Promise.all([
      readWindows(this.#store, windows, this.#config, epoch),
      this.flows.flowsFor(windows[0]!).then((flows) => readFlowBypasses(this.#store, windows, flows, this.#config)),
    ])
    return new Map(windows.map((w) => [w.end, { reads: reads.get(w.end)!, bypasses: bypasses.get(w.end) ?? [] }]))
  }
}

/** `state` caches what is learned across windows; without it, each call learns it again. */
export async function readDetectionInput(
  store: Store,
  window: Window,
  config: DetectorConfig,
  state: DetectionState = new DetectionState(store, config),
): Promise<DetectionInput> {
  const [{ reads, bypasses: flowBypasses }, learned] = await Promise.all([
    state.fetched(window),
    state.baselines.for(window),
  ])
  // Endpoints whose wait for adoption ends now, if they were new when first seen: neither in the
  // inventory nor in the baselines' history before that minute.
  const historyFirstSeen = (key: string): number =>
    learned.endpointHistory.find((h) => endpointKey(h) === key)?.firstSeen ?? Infinity
  const due = reads.adoptionDue.filter(
    (d) => !((learned.knownEndpoints.get(d.key) ?? Infinity) < d.firstSeen) && !(historyFirstSeen(d.key) < d.firstSeen),
  )
  const adoptionsDue = await readAdoptionPeriods(store, window, due, config)
  return {
    window,
    horizons: config.horizonsMinutes,
    // The window's own endpoint volume is the first horizon of the counts.
    endpoints: reads.endpointCounts.map((e) => ({
      service: e.service,
      method: e.method,
      route: e.route,
      requests: e.requests[0] ?? 0,
      errors: e.errors[0] ?? 0,
      sampleTraceIds: e.sampleTraceIds,
    })),
    endpointHistory: learned.endpointHistory,
    principalCounts: reads.principalCounts,
    endpointCounts: reads.endpointCounts,
    addressAuthCounts: reads.addressAuthCounts,
    serviceSpanCounts: reads.serviceSpanCounts,
    endpointsSeenSinceBaselines: reads.endpointsEarlierThisEpoch,
    baselines: learned.baselines,
    edges: reads.edges,
    knownEndpoints: learned.knownEndpoints,
    endpointsSince: learned.endpointsSince,
    knownEdges: [...learned.knownEdges, ...reads.edgesEarlierThisEpoch],
    graphSince: learned.graphSince ?? reads.firstEdgeThisEpoch,
    secrets: reads.secrets,
    flowBypasses,
    adoptionsDue,
  }
}
