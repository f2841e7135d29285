// Reads one window's DetectionInput from the store: counts over the horizons
// ending at it and its own edges and secrets (window-reads.ts, read in
// chunks of windows), and the baselines learned once per hour
// (baseline-cache.ts), so a window's cost does not depend on how much
// history exists. Every value is a bound parameter.
import type { Store } from '@tracehound/store'
import { BaselineCache } from './baseline-cache.ts'
import { EpochClock } from './epoch-clock.ts'
import type { DetectorConfig } from './detector-config.ts'
import type { DetectionInput, FlowBypass, Window } from './detection-input.ts'
import { FlowBaseline } from './flow-baseline.ts'
import { readFlowBypasses } from './flow-bypass-reader.ts'
import { readWindows, type WindowReads } from './window-reads.ts'

export { SECRET_RE2 } from './window-reads.ts'


/** What detection keeps across windows: learned flows, the hourly baselines, and window reads fetched ahead. */
export class DetectionState {
  readonly flows: FlowBaseline
  readonly baselines: BaselineCache
  readonly clock: EpochClock
  readonly #store: Store
  readonly #config: DetectorConfig
  readonly #ahead = new Map<number, Promise<WindowReads | undefined>>()
  readonly #bypasses = new Map<number, Promise<FlowBypass[] | undefined>>()

  constructor(store: Store, config: DetectorConfig) {
    this.#store = store
    this.#config = config
    this.clock = new EpochClock(store, config)
    this.flows = new FlowBaseline(store, config, this.clock)
    this.baselines = new BaselineCache(store, config, this.clock)
  }

  /** Reads these (closed) windows ahead, one query set per baseline epoch. */
  prefetch(windows: readonly Window[]): void {
    const grouped = (async () => {
      const epochs = await Promise.all(windows.map((w) => this.clock.epochOf(w.start)))
      const byEpoch = new Map<number, Window[]>()
      windows.forEach((w, i) => byEpoch.set(epochs[i]!, [...(byEpoch.get(epochs[i]!) ?? []), w]))
      const out = new Map<number, { reads: Promise<WindowReads | undefined>; bypasses: Promise<FlowBypass[] | undefined> }>()
      for (const [epoch, group] of byEpoch) {
        // A failed chunk is read again window by window.
        const chunk = readWindows(this.#store, group, this.#config, epoch).catch(() => undefined)
        const bypasses = this.#readBypasses(group).catch(() => undefined)
        for (const w of group) out.set(w.end, { reads: chunk.then((m) => m?.get(w.end)), bypasses: bypasses.then((m) => m?.get(w.end)) })
      }
      return out
    })().catch(() => undefined)
    for (const w of windows) {
      this.#ahead.set(w.end, grouped.then((m) => m?.get(w.end)?.reads))
      this.#bypasses.set(w.end, grouped.then((m) => m?.get(w.end)?.bypasses))
    }
  }

  async reads(window: Window): Promise<WindowReads> {
    const ahead = this.#ahead.get(window.end)
    this.#ahead.delete(window.end)
    const found = ahead ? await ahead : undefined
    return found ?? (await this.#readWindows([window])).get(window.end)!
  }

  async #readWindows(windows: readonly Window[]): Promise<Map<number, WindowReads>> {
    return readWindows(this.#store, windows, this.#config, await this.clock.epochOf(windows[0]!.start))
  }

  async bypasses(window: Window): Promise<FlowBypass[]> {
    const ahead = this.#bypasses.get(window.end)
    this.#bypasses.delete(window.end)
    const found = ahead ? await ahead : undefined
    return found ?? (await this.#readBypasses([window])).get(window.end) ?? []
  }

  /** Windows of one epoch: the flows in force are that epoch's. */
  async #readBypasses(windows: readonly Window[]): Promise<Map<number, FlowBypass[]>> {
    return readFlowBypasses(this.#store, windows, await this.flows.flowsFor(windows[0]!), this.#config)
  }
}

/** `state` caches what is learned across windows; without it, each call learns it again. */
export async function readDetectionInput(store: Store, window: Window, config: DetectorConfig, state: DetectionState = new DetectionState(store, config)): Promise<DetectionInput> {
  const [flowBypasses, hour, reads] = await Promise.all([
    state.bypasses(window),
    state.baselines.for(window),
    state.reads(window),
  ])
  return {
    window,
    horizons: config.horizonsMinutes,
    // The window's own endpoint volume is the first horizon of the counts.
    endpoints: reads.endpointCounts.map((e) => ({ service: e.service, method: e.method, route: e.route, requests: e.requests[0] ?? 0, errors: e.errors[0] ?? 0, sampleTraceIds: e.sampleTraceIds })),
    endpointHistory: hour.endpointHistory,
    principalCounts: reads.principalCounts,
    endpointCounts: reads.endpointCounts,
    addressAuthCounts: reads.addressAuthCounts,
    serviceSpanCounts: reads.serviceSpanCounts,
    endpointsSeenSinceBaselines: reads.endpointsEarlierThisEpoch,
    baselines: hour.baselines,
    edges: reads.edges,
    knownEdges: [...hour.knownEdges, ...reads.edgesEarlierThisHour],
    graphSince: hour.graphSince ?? reads.firstEdgeThisHour,
    secrets: reads.secrets,
    flowBypasses,
  }
}
