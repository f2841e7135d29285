// Baselines learned from the history before each epoch of event time
// (epoch-clock.ts: every 10 min, then hourly, then every 3 h), once per epoch and cached: a
// window's cost then does not grow with how much history exists (only the
// refresh reads it), and a replayed range and live detection learn the same
// baselines for the same epoch.
//   - population: per endpoint and horizon, requests, distinct object ids and
//     refused requests (401/403/404) of an active principal in a bucket of
//     that length;
//   - own: the same for each principal on each endpoint (their own norm),
//     and their requests at each service, all endpoints together; how bursty
//     principals are for themselves, pooled per endpoint and per service;
//   - per endpoint per minute: requests, failures, failing principals;
//   - per service: the share of spans without correlation.id;
//   - the inventory of endpoints and edges (inventory-history.ts, longer history).
import type { Store } from '@tracehound/store'
import { fromSums, type CountBaseline } from './count-statistics.ts'
import type { DetectorConfig } from './detector-config.ts'
import {
  endpointKey,
  principalKey,
  serviceKey,
  type Baselines,
  type EndpointHistory,
  type KnownEdge,
  type OwnBaseline,
  type PopulationBaseline,
  type Window,
} from './detection-input.ts'
import { readEndpointHistory } from './endpoint-history-reader.ts'
import { EpochClock } from './epoch-clock.ts'
import { rememberedOrLearned, stateKey } from './epoch-state.ts'
import { InventoryHistory } from './inventory-history.ts'
import { PRINCIPAL_SQL } from './horizon-reader.ts'
import { carriedForward, DispersionPool } from './pooled-dispersion.ts'

/** A pooled dispersion needs this many principals with a history of their own. */
const MIN_POOLED_PRINCIPALS = 20

const n = (v: unknown): number => Number(v ?? 0)
const refOf = (r: Record<string, unknown>): { service: string; method: string; route: string } => ({
  service: String(r['service']),
  method: String(r['method']),
  route: String(r['route']),
})

export interface EpochBaselines {
  baselines: Baselines
  endpointHistory: EndpointHistory[]
  /** Endpoints seen in the inventory history before the epoch (inventory-history.ts), with when first seen. */
  knownEndpoints: ReadonlyMap<string, number>
  /** Epoch seconds of the earliest endpoint in that history (undefined: none). */
  endpointsSince: number | undefined
  /** Edges seen in the inventory history before the epoch. */
  knownEdges: readonly KnownEdge[]
  /** Epoch seconds of the earliest edge in that history (undefined: none). */
  graphSince: number | undefined
}

export class BaselineCache {
  private readonly cache = new Map<number, Promise<EpochBaselines>>()
  private readonly store: Store
  private readonly config: DetectorConfig
  private readonly clock: EpochClock
  private readonly inventory: InventoryHistory
  /** Learned state is kept per epoch in the store under this key (epoch-state.ts). */
  private readonly key: string

  constructor(store: Store, config: DetectorConfig, clock: EpochClock = new EpochClock(store, config)) {
    this.store = store
    this.config = config
    this.clock = clock
    this.inventory = new InventoryHistory(store, config)
    this.key = stateKey(config)
  }

  /** The baselines in force for a window: learned from the history before the window's epoch. */
  async for(window: Window): Promise<EpochBaselines> {
    const epoch = await this.clock.epochOf(window.start)
    let found = this.cache.get(epoch)
    if (!found) {
      found = rememberedOrLearned(this.store, 'baselines', this.key, epoch, () => this.learn(epoch))
      this.cache.set(epoch, found)
      found.catch(() => this.cache.delete(epoch)) // a failed read is retried next window
      for (const old of this.cache.keys()) if (old < epoch) this.cache.delete(old)
    }
    return found
  }

  private async learn(epoch: number): Promise<EpochBaselines> {
    const horizons = this.config.horizonsMinutes
    const from = epoch - this.config.principalHistorySeconds
    const params = { from, until: epoch, horizons: [...horizons] }
    const inHistory = 'Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({until:UInt32})'
    // Active principal-buckets per endpoint and horizon, aggregated twice:
    // per endpoint (the population) and per principal (their own norm).
    const buckets = `SELECT ServiceName AS service, Method AS method, Route AS route, ${PRINCIPAL_SQL} AS principal, h,
                            intDiv(toUInt32(Minute), h * 60) AS bucket, sum(Requests) AS r, uniqMerge(ObjectIds) AS o,
                            sum(Status401 + Status403 + Status404) AS d
                     FROM user_endpoint_minute ARRAY JOIN {horizons:Array(UInt32)} AS h
                     WHERE ${inHistory} AND principal != ''
                     GROUP BY service, method, route, principal, h, bucket`
    const [population, own, serviceOwn, minutes, correlation, endpointHistory, inventory] = await Promise.all([
      this.store.query(
        `SELECT service, method, route, h, count() AS buckets, sum(r) AS sr, sum(r * r) AS sr2, sum(o) AS so, sum(o * o) AS so2,
                sum(d) AS sd, sum(d * d) AS sd2, quantileExact(0.95)(r) AS p95r, quantileExact(0.95)(o) AS p95o, quantileExact(0.95)(d) AS p95d
         FROM (${buckets}) GROUP BY service, method, route, h`,
        params,
      ),
      this.store.query(
        `SELECT service, method, route, principal, h, count() AS buckets, sum(r) AS sr, sum(r * r) AS sr2, sum(o) AS so, sum(o * o) AS so2, sum(d) AS sd, sum(d * d) AS sd2, max(r) AS maxr,
                intDiv({until:UInt32}, h * 60) - min(bucket) AS span
         FROM (${buckets}) GROUP BY service, method, route, principal, h`,
        params,
      ),
      this.store.query(
        `SELECT service, principal, h, count() AS buckets, sum(r) AS sr, sum(r * r) AS sr2, intDiv({until:UInt32}, h * 60) - min(bucket) AS span
         FROM (SELECT ServiceName AS service, ${PRINCIPAL_SQL} AS principal, h, intDiv(toUInt32(Minute), h * 60) AS bucket,
                      sum(Requests) AS r
               FROM user_endpoint_minute ARRAY JOIN {horizons:Array(UInt32)} AS h
               WHERE ${inHistory} AND principal != ''
               GROUP BY service, principal, h, bucket)
         GROUP BY service, principal, h`,
        params,
      ),
      this.store.query(
        `SELECT service, method, route, count() AS minutes, sum(r) AS sr, sum(r * r) AS sr2, sum(f) AS sf, sum(f * f) AS sf2, sum(p) AS sp, sum(p * p) AS sp2
         FROM (SELECT ServiceName AS service, Method AS method, Route AS route, Minute, sum(Requests) AS r, sum(Failures) AS f,
                      uniqExactIf(${PRINCIPAL_SQL}, Failures > 0) AS p
               FROM user_endpoint_minute WHERE ${inHistory} GROUP BY service, method, route, Minute)
         GROUP BY service, method, route`,
        params,
      ),
      // Hygiene baseline: recent hours of spans only (it scans otel_traces).
      this.store.query(
        `SELECT ServiceName AS service, count() AS spans, countIf(SpanAttributes['correlation.id'] = '') AS missing
         FROM otel_traces WHERE Timestamp >= toDateTime({recent:UInt32}) AND Timestamp < toDateTime({until:UInt32}) GROUP BY service`,
        { ...params, recent: epoch - this.config.hygieneHistorySeconds },
      ),
      this.clock.lengthOf(epoch).then((length) => readEndpointHistory(this.store, epoch, this.config, length)),
      this.inventory.upTo(epoch),
    ])

    const populationMap = new Map<string, PopulationBaseline[]>()
    for (const r of population) {
      const key = endpointKey(refOf(r))
      const list =
        populationMap.get(key) ??
        horizons.map(() => ({
          requests: undefined,
          objects: undefined,
          denied: undefined,
          p95Requests: 0,
          p95Objects: 0,
          p95Denied: 0,
          ownDispersion: {},
        }))
      const i = horizons.indexOf(n(r['h']))
      list[i] = {
        requests: fromSums(n(r['sr']), n(r['sr2']), n(r['buckets'])),
        objects: fromSums(n(r['so']), n(r['so2']), n(r['buckets'])),
        denied: fromSums(n(r['sd']), n(r['sd2']), n(r['buckets'])),
        p95Requests: n(r['p95r']),
        p95Objects: n(r['p95o']),
        p95Denied: n(r['p95d']),
        ownDispersion: {},
      }
      populationMap.set(key, list)
    }
    const ownMap = new Map<string, OwnBaseline[]>()
    /** Per endpoint and horizon, its principals' burstiness, pooled as the rows come. */
    const ownPools = new Map<string, MeasurePools[]>()
    const established = new Map<string, number>()
    const finest = Math.min(...horizons)
    for (const r of own) {
      const who = String(r['principal'])
      // When first seen: the start of its first bucket at the finest horizon (the others round it down).
      if (n(r['h']) === finest) {
        const first = (Math.floor(epoch / (finest * 60)) - n(r['span'])) * finest * 60
        if (first < (established.get(who) ?? Infinity)) established.set(who, first)
      }
      const ref = refOf(r)
      const key = principalKey(ref, who)
      const list =
        ownMap.get(key) ??
        horizons.map(() => ({ requests: undefined, objects: undefined, denied: undefined, maxRequests: 0 }))
      const i = horizons.indexOf(n(r['h']))
      list[i] = {
        requests: fromSums(n(r['sr']), n(r['sr2']), n(r['buckets'])),
        objects: fromSums(n(r['so']), n(r['so2']), n(r['buckets'])),
        denied: fromSums(n(r['sd']), n(r['sd2']), n(r['buckets'])),
        maxRequests: n(r['maxr']),
      }
      ownMap.set(key, list)
      const endpoint = endpointKey(ref)
      const pools = ownPools.get(endpoint) ?? horizons.map(() => measurePools(this.config.minOwnBuckets))
      const mine = list[i]!
      const span = n(r['span'])
      pools[i]?.requests.add(mine.requests, span)
      pools[i]?.objects.add(mine.objects, span)
      pools[i]?.denied.add(mine.denied, span)
      ownPools.set(endpoint, pools)
    }
    fillOwnDispersion(ownPools, populationMap)
    const serviceOwnMap = new Map<string, (CountBaseline | undefined)[]>()
    const servicePools = new Map<string, DispersionPool[]>()
    for (const r of serviceOwn) {
      const service = String(r['service'])
      const key = serviceKey(service, String(r['principal']))
      const list = serviceOwnMap.get(key) ?? horizons.map(() => undefined)
      const i = horizons.indexOf(n(r['h']))
      list[i] = fromSums(n(r['sr']), n(r['sr2']), n(r['buckets']))
      serviceOwnMap.set(key, list)
      const pools = servicePools.get(service) ?? horizons.map(() => new DispersionPool(this.config.minOwnBuckets))
      pools[i]?.add(list[i], n(r['span']))
      servicePools.set(service, pools)
    }
    const serviceDispersion = new Map(
      [...servicePools].map(([service, pools]) => [
        service,
        carriedForward(pools.map((p) => p.dispersion(MIN_POOLED_PRINCIPALS))),
      ]),
    )
    const minuteMap = new Map(
      minutes.map((r) => {
        const count = n(r['minutes'])
        const requests = n(r['sr'])
        return [
          endpointKey(refOf(r)),
          {
            requests: fromSums(requests, n(r['sr2']), count),
            failures: fromSums(n(r['sf']), n(r['sf2']), count),
            failingPrincipals: fromSums(n(r['sp']), n(r['sp2']), count),
            failureRatio: requests > 0 ? n(r['sf']) / requests : 0,
            minutes: count,
          },
        ] as const
      }),
    )
    const missing = new Map(
      correlation.map((r) => [String(r['service']), { spans: n(r['spans']), missing: n(r['missing']) }] as const),
    )
    return {
      baselines: {
        population: populationMap,
        own: ownMap,
        serviceOwn: serviceOwnMap,
        serviceDispersion,
        establishedPrincipals: established,
        endpointMinutes: minuteMap,
        missingCorrelationShare: missing,
      },
      endpointHistory,
      knownEndpoints: inventory.endpoints,
      endpointsSince: inventory.endpointsSince,
      knownEdges: inventory.edges,
      graphSince: inventory.graphSince,
    }
  }
}

interface MeasurePools {
  requests: DispersionPool
  objects: DispersionPool
  denied: DispersionPool
}

const measurePools = (minOwnBuckets: number): MeasurePools => ({
  requests: new DispersionPool(minOwnBuckets),
  objects: new DispersionPool(minOwnBuckets),
  denied: new DispersionPool(minOwnBuckets),
})

/** Each endpoint's `ownDispersion`, from its principals' pooled burstiness. */
function fillOwnDispersion(
  pools: ReadonlyMap<string, MeasurePools[]>,
  population: Map<string, PopulationBaseline[]>,
): void {
  for (const [endpoint, perHorizon] of pools) {
    const list = population.get(endpoint)
    if (!list) continue
    const pooled = (measure: keyof MeasurePools) =>
      carriedForward(perHorizon.map((p) => p[measure].dispersion(MIN_POOLED_PRINCIPALS)))
    const [requests, objects, denied] = [pooled('requests'), pooled('objects'), pooled('denied')]
    list.forEach((base, i) => {
      if (base) base.ownDispersion = { requests: requests[i], objects: objects[i], denied: denied[i] }
    })
  }
}
