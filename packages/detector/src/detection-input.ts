// What the detectors see for one window: plain data read from the rollups
// (and, for the two hygiene checks, from the window's own spans).
import type { CountBaseline } from './count-statistics.ts'

export interface Window {
  /** Epoch seconds, minute-aligned. */
  readonly start: number
  readonly end: number
}

export interface EndpointWindow {
  service: string
  method: string
  route: string
  requests: number
  errors: number
  sampleTraceIds: string[]
}

export interface EndpointHistory {
  service: string
  method: string
  route: string
  /** Epoch seconds of the first minute with traffic in the history. */
  firstSeen: number
  /** Requests per minute over the recent hours before the window, minutes with traffic only. */
  perMinute: number[]
  /** Requests per minute at the window's time of day (± the slot) on earlier days, minutes with traffic only… */
  seasonal: number[]
  /** …and how many days before the window each of those minutes is (1 = yesterday). */
  seasonalDaysAgo: number[]
  /**
   * When the history was read for a whole epoch: each seasonal minute's time
   * of day as seconds from the epoch's start (may be negative), so a window
   * keeps only the minutes around its own time of day.
   */
  seasonalOffsets?: number[]
  epochStart?: number
}

/** Baselines learned from the history before the window's hour (baseline-cache.ts). */
export interface Baselines {
  /** endpointKey → per horizon: counts of active principals per bucket. */
  population: ReadonlyMap<string, readonly PopulationBaseline[]>
  /** principalKey(endpoint, principal) → per horizon: that principal's own active buckets. */
  own: ReadonlyMap<string, readonly OwnBaseline[]>
  /**
   * serviceKey(service, principal) → per horizon: that principal's own active
   * buckets of requests at the service, all its endpoints together — their
   * norm on an endpoint they have barely used (their requests to any one
   * endpoint are at most these).
   */
  serviceOwn: ReadonlyMap<string, readonly (CountBaseline | undefined)[]>
  /** service → per horizon: the dispersion of principals' own buckets at the service, pooled (pooled-dispersion.ts). */
  serviceDispersion: ReadonlyMap<string, readonly (number | undefined)[]>
  /** Principals with any history (any endpoint), with when first seen in it (epoch seconds), for shadow-endpoint evidence. */
  establishedPrincipals: ReadonlyMap<string, number>
  /** endpointKey → per-minute failures, failing principals, requests on the endpoint. */
  endpointMinutes: ReadonlyMap<string, EndpointMinuteBaseline>
  /** service → share of its spans without correlation.id. */
  missingCorrelationShare: ReadonlyMap<string, { spans: number; missing: number }>
}

export interface PopulationBaseline {
  requests: CountBaseline | undefined
  objects: CountBaseline | undefined
  /** Refused requests (401 + 403 + 404) per active principal-bucket. */
  denied: CountBaseline | undefined
  /** 95th percentile of requests per active principal-bucket. */
  p95Requests: number
  p95Objects: number
  p95Denied: number
  /**
   * The dispersion of each principal's own buckets around their own mean,
   * pooled over the endpoint's principals (pooled-dispersion.ts); undefined
   * when too few principals have a history.
   */
  ownDispersion: { requests?: number | undefined; objects?: number | undefined; denied?: number | undefined }
}

export interface OwnBaseline {
  requests: CountBaseline | undefined
  objects: CountBaseline | undefined
  denied: CountBaseline | undefined
  /** Largest bucket seen. */
  maxRequests: number
}

export interface EndpointMinuteBaseline {
  requests: CountBaseline | undefined
  failures: CountBaseline | undefined
  failingPrincipals: CountBaseline | undefined
  /** Failures / requests over the whole history. */
  failureRatio: number
  minutes: number
}

export const principalKey = (e: { service: string; method: string; route: string }, principal: string): string =>
  principalKeyOf(endpointKey(e), principal)

/** principalKey from an endpointKey already at hand (a hot loop need not build it twice). */
export const principalKeyOf = (endpoint: string, principal: string): string => `${endpoint}\u0000${principal}`

export const serviceKey = (service: string, principal: string): string => `${service}\u0000${principal}`

export interface EdgeWindow {
  caller: string
  callee: string
  method: string
  route: string
  address: string
  source: 'span' | 'client'
  calls: number
  sampleTraceIds: string[]
}

export interface KnownEdge {
  caller: string
  callee: string
  address: string
  source: 'span' | 'client'
}

export interface SecretHit {
  service: string
  /** `span attribute <key>` or `log body`. */
  where: string
  traceId: string
}

/**
 * One principal (a user, else a client address) on one endpoint, counted over
 * each horizon ending at the window's end (same order as `horizons`). Only
 * principals active in the window itself.
 */
export interface PrincipalCounts {
  service: string
  method: string
  route: string
  principal: string
  /** The principal is a user id (else a client address). */
  isUser: boolean
  clientAddress: string
  requests: number[]
  failures: number[]
  /** 401 + 403 + 404. */
  denied: number[]
  /** Distinct object ids. */
  objects: number[]
  sampleTraceIds: string[]
  sampleObjectIds: string[]
}

/** One endpoint, counted over each horizon (only endpoints active in the window). */
export interface EndpointCounts {
  service: string
  method: string
  route: string
  requests: number[]
  errors: number[]
  failures: number[]
  /** Distinct principals whose requests failed (on a login endpoint: attempted names). */
  failingPrincipals: number[]
  /** Distinct client addresses. */
  addresses: number[]
  sampleTraceIds: string[]
}

/** One client address on one authentication endpoint, over each horizon. */
export interface AddressAuthCounts {
  service: string
  method: string
  route: string
  address: string
  requests: number[]
  failures: number[]
  /** Distinct principals (attempted names) with failures. */
  failingPrincipals: number[]
  sampleTraceIds: string[]
}

/** Spans of one service over each horizon (hygiene). */
export interface ServiceSpanCounts {
  service: string
  spans: number[]
  missingCorrelation: number[]
  sampleTraceIds: string[]
}

export interface DetectionInput {
  window: Window
  /** Horizons, minutes, every count array follows (the first is the window itself). */
  horizons: readonly number[]
  endpoints: EndpointWindow[]
  endpointHistory: EndpointHistory[]
  principalCounts: PrincipalCounts[]
  endpointCounts: EndpointCounts[]
  addressAuthCounts: AddressAuthCounts[]
  serviceSpanCounts: ServiceSpanCounts[]
  /** endpointKeys first seen after the baselines' history was read, before this window. */
  endpointsSeenSinceBaselines: string[]
  baselines: Baselines
  edges: EdgeWindow[]
  /** endpointKey → when first seen, over the inventory history (`inventorySeconds`) before the epoch. */
  knownEndpoints: ReadonlyMap<string, number>
  /** Epoch seconds of the earliest endpoint minute in the inventory history (undefined: none). */
  endpointsSince: number | undefined
  knownEdges: KnownEdge[]
  /** Epoch seconds of the earliest edge in the history (undefined: no history). */
  graphSince: number | undefined
  secrets: SecretHit[]
  /** Calls that skipped a learned flow's predecessor (empty until flows are learned). */
  flowBypasses: FlowBypass[]
  /** New endpoints whose wait for adoption ends in this window (adoption-reads.ts). */
  adoptionsDue: AdoptionPeriod[]
}

/** A new endpoint's first `adoptionWaitSeconds`, up to the end of the window its wait ends in. */
export interface AdoptionPeriod {
  service: string
  method: string
  route: string
  /** Epoch seconds of its first minute. */
  firstSeen: number
  /** Named users who called it in the period (at most 50). */
  users: string[]
  /** Distinct principals (users or bare addresses) in its first window… */
  firstWindowPrincipals: number
  /** …and of them, bare client addresses (requests naming no user). */
  firstWindowAddresses: number
  sampleTraceIds: string[]
}

export const endpointKey = (e: { service: string; method: string; route: string }): string =>
  `${e.service}\u0000${e.method}\u0000${e.route}`

/** A learned flow's step called in the window by a user who called none of its predecessors in the session. */
export interface FlowBypass {
  step: { service: string; method: string; route: string }
  predecessors: { service: string; method: string; route: string }[]
  learned: { occurrences: number; users: number; precededRatio: number }
  userId: string
  /** Calls of the step by the user in the window. */
  requests: number
  sampleTraceIds: string[]
  /** What the user's session called instead, busiest first: `service METHOD /route ×n` (at most 5). */
  sessionInstead: string[]
}
