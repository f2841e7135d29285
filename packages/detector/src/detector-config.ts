// Sensitivity and the rules of the detectors, with documented defaults.
import type { ApiInventory } from './api-inventory.ts'
import { LINK_KINDS, type LinkKind } from './incident-links.ts'

export interface DetectorConfig {
  /** Detection window (event time). @default 60 s */
  windowSeconds: number
  /** History used for baselines, before each window. @default 7 days */
  baselineSeconds: number
  /** History of the endpoint and edge inventory: anything seen in it is not new (a weekly or monthly job's route and edges). @default 35 days */
  inventorySeconds: number
  /** An endpoint, edge or caller needs this much history before it is judged (learning period). @default 30 min */
  learningSeconds: number
  /** Robust z: how many spreads above the median is abnormal (seasonal volume p99 guard). @default 6 */
  sensitivity: number
  /** Horizons, in minutes, every count is judged over at once (sliding, ending at the window's end). @default [1, 5, 15, 60] */
  horizonsMinutes: readonly number[]
  /**
   * The false-alert budget of each count test, per endpoint per day: a test's
   * p-value must be below this over the tests it stands for (windows per day ×
   * horizons × `testedPrincipals`). @default 0.005
   */
  falseAlertsPerEndpointPerDay: number
  /** Principals on one endpoint assumed tested per window, for the per-test false-alarm rate. @default 100 */
  testedPrincipals: number
  /** A count must also be this many times its expectation (effect size, besides significance). @default 4 */
  minRatio: number
  /**
   * Once a day of history exists, baselines and flows are learned from the
   * history before each epoch of this length (event time; every 10 min, then
   * hourly, before that)
   * and cached for the epoch: learning reads the whole history, so a shorter
   * epoch is fresher and costs more (epoch-clock.ts). @default 3 h
   */
  baselineRefreshSeconds: number
  /** History of per-principal baselines (population and own norm). @default 3 days */
  principalHistorySeconds: number
  /** A principal's own norm is used once it has this many active buckets at a horizon. @default 3 */
  minOwnBuckets: number
  /** Evidence floor: a caller finding needs at least this many requests in the horizon that fired (a few requests mean nothing). @default 10 */
  minAbuseRequests: number
  /** Evidence floor: distinct object ids in the horizon that count as enumeration, at least. @default 10 */
  minEnumerationObjects: number
  /** Share of 401/403/404 among an enumerating caller's requests. @default 0.3 */
  enumerationFailureRatio: number
  /** Evidence floor: failed logins in a horizon, from one address or across the endpoint, that count as stuffing. @default 20 */
  minAuthFailures: number
  /** Evidence floor: distinct usernames tried in a horizon that count as stuffing. @default 5 */
  minAuthUsers: number
  /**
   * Routes treated as authentication endpoints, when called with a method
   * that carries credentials (not GET, HEAD or OPTIONS: `GET /sessions/:id`
   * reads a session, it does not log in — isAuthEndpoint).
   * @default /log[-_]?in|sign[-_]?in|auth|token|session/i
   */
  authRoute: RegExp
  /** Recent history a volume baseline uses when there is no seasonal one yet. @default 2 h */
  recentSeconds: number
  /** Half-width of the time-of-day slot compared on earlier days. @default 30 min */
  seasonalSlotSeconds: number
  /** Minutes in the seasonal slots needed before they replace the recent baseline (about one earlier day). @default 45 */
  minSeasonalSamples: number
  /** Evidence floor: a rate spike needs this many requests in the horizon that fired. @default 20 */
  minSpikeRequests: number
  /** New edges from one service in a window that count as lateral movement. @default 2 */
  lateralMovementEdges: number
  /** Zero-trust allow-list: `caller -> callee` or `caller -> callee METHOD /route`; absent = no policy. */
  edgePolicy: readonly string[] | undefined
  /** Declared operations per service (OpenAPI files); services without one are learned instead. */
  inventory: ApiInventory | undefined
  /** Evidence floor: spans without correlation.id from one service in the horizon that make a finding. @default 3 */
  minMissingCorrelation: number
  /** History of the hygiene baselines (they scan spans). @default 6 h */
  hygieneHistorySeconds: number
  /** A new endpoint called by this many distinct principals in the last hour is adoption, not a shadow endpoint. @default 5 */
  adoptionPrincipals: number
  /**
   * A new endpoint whose first callers are all named users without a history
   * (neither adoption yet nor an outsider) is judged when its first this-many
   * seconds are over: adopted if by then enough users, or one established
   * user, called it. 0 judges it in its first window; rounded up to whole
   * windows (`adoptionWait`). @default 300
   */
  adoptionWaitSeconds: number
  /** How far back a user's session reaches for a flow's predecessor. @default 15 min */
  flowSessionSeconds: number
  /** History flows are learned from (relearned every epoch, at most as often as `flowRefreshSeconds`). @default 24 h */
  flowLearningSeconds: number
  /**
   * Once the history is a day old, flows are learned again at most this
   * often (rounded up to whole baseline epochs, so a baseline epoch lies in
   * one flow epoch): a day of sessions moves little in a few hours, and the
   * flows query is learning's most expensive (BENCHMARKS.md). While the
   * history is younger they follow the baselines' epochs. @default 6 h
   */
  flowRefreshSeconds: number
  /** A flow needs this many (user, minute) calls of its step in the learning history. @default 30 */
  minFlowOccurrences: number
  /** …from this many distinct users. @default 10 */
  minFlowUsers: number
  /** …and this share of them preceded by the predecessor. @default 0.98 */
  flowPrecededRatio: number
  /** …and that share this many times the predecessor's share before other calls (it is specific to the step). @default 2 */
  minFlowLift: number
  /** Calls of a step without its predecessor, by one user in a window, that make a finding. @default 2 */
  minFlowBypassCalls: number
  /** Windows without re-detection before a finding resolves. @default 5 */
  resolveAfterWindows: number
  /** Findings further apart than this in event time never share an incident. @default 15 min */
  incidentGapSeconds: number
  /** Which links group findings into one incident (incident-links.ts). @default all */
  incidentLinks: readonly LinkKind[]
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  windowSeconds: 60,
  baselineSeconds: 7 * 24 * 3600,
  inventorySeconds: 35 * 24 * 3600,
  learningSeconds: 30 * 60,
  sensitivity: 6,
  horizonsMinutes: [1, 5, 15, 60],
  falseAlertsPerEndpointPerDay: 0.005,
  testedPrincipals: 100,
  minRatio: 4,
  baselineRefreshSeconds: 3 * 3600,
  principalHistorySeconds: 3 * 24 * 3600,
  minOwnBuckets: 3,
  minAbuseRequests: 10,
  minEnumerationObjects: 10,
  enumerationFailureRatio: 0.3,
  minAuthFailures: 20,
  minAuthUsers: 5,
  // Rails and Django spell it sign_in / log_in; OAuth and OIDC put it under /token and /authorize.
  authRoute: /log[-_]?in|sign[-_]?in|auth|token|session/i,
  recentSeconds: 2 * 3600,
  seasonalSlotSeconds: 30 * 60,
  minSeasonalSamples: 45,
  minSpikeRequests: 20,
  lateralMovementEdges: 2,
  edgePolicy: undefined,
  inventory: undefined,
  minMissingCorrelation: 3,
  hygieneHistorySeconds: 6 * 3600,
  adoptionPrincipals: 5,
  adoptionWaitSeconds: 300,
  flowSessionSeconds: 15 * 60,
  flowLearningSeconds: 24 * 3600,
  flowRefreshSeconds: 6 * 3600,
  minFlowOccurrences: 30,
  minFlowUsers: 10,
  flowPrecededRatio: 0.98,
  minFlowLift: 2,
  minFlowBypassCalls: 2,
  resolveAfterWindows: 5,
  incidentGapSeconds: 15 * 60,
  incidentLinks: LINK_KINDS,
}

/** Methods that read: credentials are never presented with them, so their refusals are no failed logins. */
export const READ_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS']

/** An authentication endpoint: its route matches `authRoute` and it is called with a method that carries credentials. */
export const isAuthEndpoint = (config: Pick<DetectorConfig, 'authRoute'>, method: string, route: string): boolean =>
  !READ_METHODS.includes(method.toUpperCase()) && config.authRoute.test(route)

/** The wait for adoption in seconds, whole windows. */
export const adoptionWait = (config: Pick<DetectorConfig, 'adoptionWaitSeconds' | 'windowSeconds'>): number =>
  Math.ceil(Math.max(0, config.adoptionWaitSeconds) / config.windowSeconds) * config.windowSeconds

/** The configuration flows keep their epochs by: the baselines', with `flowRefreshSeconds` as whole baseline epochs. */
export function flowEpochConfig(config: DetectorConfig): DetectorConfig {
  const base = Math.max(3600, Math.round(config.baselineRefreshSeconds / 3600) * 3600)
  const flows = Math.max(1, Math.ceil(config.flowRefreshSeconds / base)) * base
  return { ...config, baselineRefreshSeconds: flows }
}
