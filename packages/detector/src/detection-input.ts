// What the detectors see for one window: plain data read from the rollups
// (and, for the two hygiene checks, from the window's own spans).

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
}

export interface CallerWindow {
  service: string
  method: string
  route: string
  userId: string
  clientAddress: string
  requests: number
  failures: number
  status401: number
  status403: number
  status404: number
  objectIds: number
  sampleTraceIds: string[]
  sampleObjectIds: string[]
}

export interface CallerHistory {
  service: string
  method: string
  route: string
  /** Requests per (caller, minute), a recent sample. */
  requests: number[]
  /** Distinct object ids per (caller, minute), a recent sample. */
  objectIds: number[]
}

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

export interface CorrelationWindow {
  service: string
  spans: number
  missing: number
  sampleTraceIds: string[]
}

export interface SecretHit {
  service: string
  /** `span attribute <key>` or `log body`. */
  where: string
  traceId: string
}

export interface DetectionInput {
  window: Window
  endpoints: EndpointWindow[]
  endpointHistory: EndpointHistory[]
  callers: CallerWindow[]
  callerHistory: CallerHistory[]
  edges: EdgeWindow[]
  knownEdges: KnownEdge[]
  /** Epoch seconds of the earliest edge in the history (undefined: no history). */
  graphSince: number | undefined
  correlation: CorrelationWindow[]
  secrets: SecretHit[]
  /** Calls that skipped a learned flow's predecessor (empty until flows are learned). */
  flowBypasses: FlowBypass[]
}

export const endpointKey = (e: { service: string; method: string; route: string }): string => `${e.service}\u0000${e.method}\u0000${e.route}`

/** A learned flow's step called in the window by a user who did not call its predecessor in the session. */
export interface FlowBypass {
  step: { service: string; method: string; route: string }
  predecessor: { service: string; method: string; route: string }
  learned: { occurrences: number; users: number; precededRatio: number }
  userId: string
  /** Calls of the step by the user in the window. */
  requests: number
  sampleTraceIds: string[]
}
