// The inventory of what has ever been seen: endpoints and service edges over
// a long history (`inventorySeconds`, 35 days by default — long enough for a
// weekly or monthly job), so a route or edge used rarely is part of the
// inventory and the graph, not "new" each time it shows up ("rare is not
// new"). Kept incrementally: the first epoch reads the whole inventory
// history, each later one only the minutes since the previous epoch, so its
// cost does not grow with history. Sets only grow within a process: an item
// last seen longer than `inventorySeconds` before the epoch stays known if the
// process saw it — the only way a live run and a fresh backfill can differ.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type KnownEdge } from './detection-input.ts'

export interface Inventory {
  /** endpointKey → epoch seconds of the first minute it was seen in, in the inventory history before the epoch. */
  endpoints: ReadonlyMap<string, number>
  edges: readonly KnownEdge[]
  /** Epoch seconds of the earliest edge in the inventory (undefined: none). */
  graphSince: number | undefined
  /** Epoch seconds of the earliest endpoint minute in the inventory (undefined: none). */
  endpointsSince: number | undefined
}

interface Accumulated {
  until: number
  endpoints: Map<string, number>
  edges: Map<string, KnownEdge>
  graphSince: number | undefined
  endpointsSince: number | undefined
}

const n = (v: unknown): number => Number(v ?? 0)
const edgeKey = (e: KnownEdge): string => `${e.caller}\u0000${e.callee}\u0000${e.address}\u0000${e.source}`

export class InventoryHistory {
  readonly #store: Store
  readonly #config: DetectorConfig
  #latest: Promise<Accumulated | undefined> = Promise.resolve(undefined)

  constructor(store: Store, config: DetectorConfig) {
    this.#store = store
    this.#config = config
  }

  /** The inventory before `epoch`. Calls are served in order; an epoch before the last one read gets a full read of its own. */
  upTo(epoch: number): Promise<Inventory> {
    const next = this.#latest.then(async (previous) => {
      if (previous && previous.until <= epoch) return this.#extend(previous, previous.until, epoch)
      return this.#extend(
        { until: epoch, endpoints: new Map(), edges: new Map(), graphSince: undefined, endpointsSince: undefined },
        epoch - this.#config.inventorySeconds,
        epoch,
      )
    })
    // A failed read leaves the last good inventory in place for the next call.
    const before = this.#latest
    this.#latest = next.catch(() => before)
    return next.then((a) => ({
      endpoints: a.endpoints,
      edges: [...a.edges.values()],
      graphSince: a.graphSince,
      endpointsSince: a.endpointsSince,
    }))
  }

  async #extend(into: Accumulated, from: number, until: number): Promise<Accumulated> {
    if (from >= until) return into
    const params = { from, until }
    const range = 'Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})'
    const [endpoints, edges] = await Promise.all([
      this.#store.query(
        `SELECT ServiceName AS service, Method AS method, Route AS route, toUInt32(min(Minute)) AS first FROM endpoint_minute WHERE ${range} GROUP BY service, method, route`,
        params,
      ),
      this.#store.query(
        `SELECT CallerService AS caller, CalleeService AS callee, CalleeAddress AS address, Source AS source, toUInt32(min(Minute)) AS first
         FROM service_edges_minute WHERE ${range} GROUP BY caller, callee, address, source`,
        params,
      ),
    ])
    const out: Accumulated = {
      until,
      endpoints: new Map(into.endpoints),
      edges: new Map(into.edges),
      graphSince: into.graphSince,
      endpointsSince: into.endpointsSince,
    }
    for (const r of endpoints) {
      const key = endpointKey({ service: String(r['service']), method: String(r['method']), route: String(r['route']) })
      // Extensions come in time order: the first one to see an endpoint saw its first minute.
      if (!out.endpoints.has(key)) out.endpoints.set(key, n(r['first']))
      out.endpointsSince = Math.min(out.endpointsSince ?? Infinity, n(r['first']))
    }
    for (const r of edges) {
      const edge: KnownEdge = {
        caller: String(r['caller']),
        callee: String(r['callee']),
        address: String(r['address']),
        source: r['source'] === 'client' ? 'client' : 'span',
      }
      out.edges.set(edgeKey(edge), edge)
      out.graphSince = Math.min(out.graphSince ?? Infinity, n(r['first']))
    }
    return out
  }
}
