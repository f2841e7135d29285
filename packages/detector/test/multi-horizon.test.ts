// The count statistics and the multi-horizon detectors on synthetic inputs:
// slow abuse fires when a longer horizon makes it significant, a principal's
// own history decides for it (heavy users and nightly jobs are normal for
// themselves), quiet endpoints spike, rotating addresses do not hide
// credential stuffing, and adoption is not a shadow endpoint.
import { poissonDistribution } from 'simple-statistics'
import { describe, expect, it } from 'vitest'
import { fromSums, judgeCount, scaled, stillGoing, upperTail } from '../src/count-statistics.ts'
import { DEFAULT_DETECTOR_CONFIG as config } from '../src/detector-config.ts'
import {
  endpointKey,
  principalKey,
  serviceKey,
  type Baselines,
  type DetectionInput,
  type EndpointCounts,
  type OwnBaseline,
  type PopulationBaseline,
  type PrincipalCounts,
} from '../src/detection-input.ts'
import { detectAuthFailures } from '../src/detectors/auth-failures.ts'
import { detectCallerAbuse } from '../src/detectors/caller-abuse.ts'
import { alphaFor } from '../src/test-budget.ts'
import { detectMissingCorrelation, detectShadowEndpoints } from '../src/detectors/hygiene.ts'
import { detectRateSpikes } from '../src/detectors/rate-spike.ts'
import { detectGraphChanges } from '../src/detectors/service-graph.ts'
import { detectionInput } from './support/detection-input.ts'

const window = { start: 1_800_000_000, end: 1_800_000_060 }
const products = { service: 'catalog', method: 'GET', route: '/products/:id' }
const history = (e: { service: string; method: string; route: string }, perMinute: number[]) => ({
  ...e,
  firstSeen: window.start - 2 * 86_400,
  perMinute,
  seasonal: [],
  seasonalDaysAgo: [],
})
const baselines = (parts: Partial<Baselines>): Baselines => ({
  population: new Map(),
  own: new Map(),
  serviceOwn: new Map(),
  serviceDispersion: new Map(),
  establishedPrincipals: new Map(),
  endpointMinutes: new Map(),
  missingCorrelationShare: new Map(),
  ...parts,
})

describe('count statistics', () => {
  it('the tail is Poisson when the history is not over-dispersed, heavier when it is', () => {
    const pmf = poissonDistribution(4) ?? []
    const reference = 1 - pmf.slice(0, 9).reduce((a, b) => a + b, 0)
    expect(upperTail(9, { mean: 4, variance: 4, buckets: 100 }, 0)).toBeCloseTo(reference, 6)
    expect(upperTail(9, { mean: 4, variance: 16, buckets: 100 })).toBeGreaterThan(reference * 5)
    expect(upperTail(3, { mean: 4, variance: 4, buckets: 100 })).toBe(1)
  })

  it('moments count the empty buckets; horizons scale the baseline', () => {
    // Buckets 2 and 4 among four (two empty): mean 1.5, sample variance (20/4 − 2.25)·4/3.
    expect(fromSums(6, 20, 4)).toMatchObject({ mean: 1.5, variance: (5 - 2.25) * (4 / 3), buckets: 4 })
    expect(scaled({ mean: 2, variance: 2, buckets: 10 }, 15).mean).toBe(30)
  })

  it('significance needs both improbability and size', () => {
    const base = { mean: 4, variance: 6, buckets: 60 }
    expect(judgeCount(32, base, 1e-6, 4).significant).toBe(true)
    expect(judgeCount(12, base, 1e-6, 4).significant).toBe(false) // 3× is below the ratio
    expect(judgeCount(400, { mean: 200, variance: 200, buckets: 60 }, 1e-6, 4).significant).toBe(false)
  })

  it('a horizon speaks for the window only while the pattern is still going on', () => {
    const horizons = [1, 5, 15, 60]
    expect(stillGoing([8, 40, 120, 130], horizons, 2)).toBe(true) // 8/min now, 8/min over 15 min
    expect(stillGoing([1, 40, 120, 130], horizons, 2)).toBe(true) // a quiet minute within a steady slow pattern
    expect(stillGoing([1, 6, 120, 130], horizons, 2)).toBe(false) // the last 5 minutes are back to normal
    expect(stillGoing([1, 30, 100, 400], horizons, 1)).toBe(false) // up to 5 minutes: the window itself decides
    expect(stillGoing([0, 0, 0, 0], horizons, 0)).toBe(false)
    // A slow probe that ended half an hour ago: one ordinary request in the last 5 minutes is "half the
    // hour's rate", but the last 15 minutes are not.
    expect(stillGoing([1, 1, 1, 15], horizons, 3)).toBe(false)
    expect(stillGoing([1, 2, 5, 15], horizons, 3)).toBe(true) // still trickling at the hour's pace
  })
})

const counts = (requests: number[], objects = requests.map(() => 1)): PrincipalCounts => ({
  ...products,
  principal: 'user-7',
  isUser: true,
  clientAddress: '10.0.0.7',
  requests,
  failures: [0, 0, 0, 0],
  denied: [0, 0, 0, 0],
  objects,
  sampleTraceIds: ['t1'],
  sampleObjectIds: [],
})
// Active principals on the endpoint: a few requests per bucket, heavy users up to 40 in 15 minutes.
const population: PopulationBaseline[] = [
  {
    requests: { mean: 1.5, variance: 3, buckets: 5000 },
    objects: { mean: 1.2, variance: 1, buckets: 5000 },
    denied: { mean: 0.02, variance: 0.03, buckets: 5000 },
    p95Requests: 4,
    p95Objects: 3,
    p95Denied: 0,
    ownDispersion: {},
  },
  {
    requests: { mean: 3, variance: 20, buckets: 3000 },
    objects: { mean: 2, variance: 4, buckets: 3000 },
    denied: { mean: 0.05, variance: 0.08, buckets: 3000 },
    p95Requests: 10,
    p95Objects: 6,
    p95Denied: 0,
    ownDispersion: {},
  },
  {
    requests: { mean: 5, variance: 60, buckets: 2000 },
    objects: { mean: 3, variance: 9, buckets: 2000 },
    denied: { mean: 0.1, variance: 0.2, buckets: 2000 },
    p95Requests: 18,
    p95Objects: 9,
    p95Denied: 1,
    ownDispersion: {},
  },
  {
    requests: { mean: 8, variance: 150, buckets: 1000 },
    objects: { mean: 5, variance: 20, buckets: 1000 },
    denied: { mean: 0.3, variance: 0.6, buckets: 1000 },
    p95Requests: 30,
    p95Objects: 15,
    p95Denied: 1,
    ownDispersion: {},
  },
]
const own = (perBucket: number[], buckets: number[]): OwnBaseline[] =>
  perBucket.map((mean, i) => ({
    requests: { mean, variance: mean * 2, buckets: buckets[i]! },
    objects: { mean: mean / 2, variance: mean, buckets: buckets[i]! },
    denied: { mean: mean / 20, variance: mean / 10, buckets: buckets[i]! },
    maxRequests: mean * 3,
  }))
const abuseInput = (c: PrincipalCounts, ownBaseline?: OwnBaseline[]): DetectionInput =>
  detectionInput(window, {
    endpointHistory: [history(products, [50])],
    principalCounts: [c],
    baselines: baselines({
      population: new Map([[endpointKey(products), population]]),
      own: new Map(ownBaseline ? [[principalKey(products, 'user-7'), ownBaseline]] : []),
    }),
  })

describe('endpoint_abuse over horizons', () => {
  it('a slow scraper at 8/min, 40× its own norm, fires on a longer horizon though no minute is remarkable', () => {
    const slow = counts([8, 40, 120, 160])
    const [finding] = detectCallerAbuse(abuseInput(slow, own([1, 1.5, 3, 4], [40, 30, 20, 12])), config)
    expect(finding?.kind).toBe('endpoint_abuse')
    expect(finding?.evidence.baseline['basis']).toBe('own history')
    expect(finding?.evidence.observed['horizonMinutes']).toBeGreaterThanOrEqual(15)
    expect(finding?.summary).toMatch(
      /user user-7 made \d+ requests in \d+ min to catalog GET \/products\/:id, [\d.]+× the [\d.]+ expected from the own history/,
    )
  })

  it('a heavy user, or a nightly job, at its own usual volume raises nothing — even far above the population', () => {
    const heavy = counts([30, 140, 400, 1500])
    expect(detectCallerAbuse(abuseInput(heavy, own([25, 120, 350, 1400], [500, 300, 200, 60])), config)).toEqual([])
    // The same volume from a principal without history is abuse against the population.
    expect(detectCallerAbuse(abuseInput(heavy), config).map((f) => f.evidence.baseline['basis'])).toEqual([
      'endpoint population',
    ])
  })

  it('a job that runs every night at this hour, from a new address each night, is its recurring peak — not abuse', () => {
    // Earlier days at this hour: ordinary minutes, and on three nights the job's 400/min.
    const seasonal = Array.from({ length: 180 }, (_, i) => (i % 60 < 3 ? 400 : 40 + (i % 5)))
    const seasonalDaysAgo = Array.from({ length: 180 }, (_, i) => 1 + Math.floor(i / 60))
    const nightly = { ...history(products, [40]), seasonal, seasonalDaysAgo }
    const job = { ...counts([390, 1200, 1300, 1300]), principal: '10.9.0.77', isUser: false }
    const input = (c: PrincipalCounts): DetectionInput => ({ ...abuseInput(c), endpointHistory: [nightly] })
    expect(detectCallerAbuse(input(job), config)).toEqual([])
    // Three times the job's peak is not the job.
    expect(detectCallerAbuse(input({ ...job, requests: [1300, 6000, 6500, 6500] }), config).map((f) => f.kind)).toEqual(
      ['endpoint_abuse'],
    )
  })

  it('a user new to the endpoint is judged against their own requests at the service as well as the population', () => {
    // 20 requests in 15 minutes: within the population's heavy tail, 20× this user's whole activity at the service.
    const light = counts([2, 8, 20, 20])
    const atService = (mean: number): Partial<Baselines> => ({
      serviceOwn: new Map([
        [serviceKey('catalog', 'user-7'), [1, 1, 1, 1].map(() => ({ mean, variance: mean, buckets: 40 }))],
      ]),
      serviceDispersion: new Map([['catalog', [0.1, 0.1, 0.1, 0.1]]]),
    })
    const input = (parts: Partial<Baselines>): DetectionInput => ({
      ...abuseInput(light),
      baselines: baselines({ population: new Map([[endpointKey(products), population]]), ...parts }),
    })
    expect(detectCallerAbuse(input({}), config)).toEqual([])
    const [finding] = detectCallerAbuse(input(atService(1)), config)
    expect(finding?.evidence.baseline['basis']).toBe('own history at the service')
    // Two references, each at half the budget.
    expect(finding?.evidence.threshold?.['alpha']).toBeCloseTo(alphaFor(config, config.testedPrincipals, 15) / 2, 12)
    // A user who makes that many requests at the service anyway is not unusual for themselves.
    expect(detectCallerAbuse(input(atService(10)), config)).toEqual([])
  })

  it('principals who browse in sessions make a burst of one of them ordinary; calm ones do not make it rarer', () => {
    const burst = counts([3, 20, 22, 22])
    const quiet = own([1, 1.2, 1.5, 2], [30, 30, 20, 10]).map((b) => ({
      ...b,
      requests: { mean: b.requests!.mean, variance: b.requests!.mean, buckets: b.requests!.buckets },
    }))
    const withPooled = (dispersion: number): DetectionInput => {
      const base = abuseInput(burst, quiet)
      const pooled = population.map((p) => ({ ...p, ownDispersion: { requests: dispersion } }))
      return {
        ...base,
        baselines: { ...base.baselines, population: new Map([[endpointKey(products), pooled]]) },
      }
    }
    // 20 in 5 minutes is far outside this user's norm of about one.
    expect(detectCallerAbuse(withPooled(0.5), config).map((f) => f.kind)).toEqual(['endpoint_abuse'])
    // Principals who browse in sessions: the same burst is one of their sessions.
    expect(detectCallerAbuse(withPooled(3), config)).toEqual([])
    // Calmer peers than the prior do not sharpen the test: the same findings as the prior's, p-values too.
    const pValue = (d: number) => detectCallerAbuse(withPooled(d), config)[0]?.evidence.threshold?.['pValue']
    expect(pValue(0.1)).toBe(pValue(0.5))
  })

  it('an ordinary burst of a quiet user is not abuse', () => {
    expect(detectCallerAbuse(abuseInput(counts([4, 9, 12, 14]), own([1, 1, 1, 1], [10, 8, 6, 4])), config)).toEqual([])
  })

  it('a slow probe touching no more ids than a busy reader is enumeration by its refusals', () => {
    // 2 ids a minute for 15 minutes, three in four refused: 30 ids is within heavy readers' 15-minute range.
    const probe = { ...counts([2, 10, 30, 30], [2, 10, 30, 30]), denied: [2, 8, 22, 22] }
    const [finding] = detectCallerAbuse(abuseInput(probe), config)
    expect(finding?.kind).toBe('enumeration')
    expect(finding?.evidence.baseline['judged']).toBe('refused requests')
    expect(finding?.summary).toMatch(
      /touched 30 distinct ids .* 22 of 30 refused \(401\/403\/404\); [\d.]+ refusals expected/,
    )
    // The same ids read without refusals are an ordinary busy reader; a job refused as usual is itself.
    expect(detectCallerAbuse(abuseInput({ ...probe, denied: [0, 0, 0, 0] }), config)).toEqual([])
    const refusedJob = own([2, 10, 30, 30], [40, 30, 20, 12]).map((o) => ({
      ...o,
      denied: { mean: (o.requests?.mean ?? 0) * 0.7, variance: o.requests?.mean ?? 0, buckets: 40 },
    }))
    expect(detectCallerAbuse(abuseInput(probe, refusedJob), config)).toEqual([])
  })

  it('the pattern must still be going: a finished burst in the hour does not raise the next ordinary request', () => {
    expect(detectCallerAbuse(abuseInput(counts([1, 1, 1, 600])), config)).toEqual([])
  })
})

const endpointCounts = (
  e: { service: string; method: string; route: string },
  requests: number[],
  failures = requests.map(() => 0),
  failing = failures.map(() => 0),
  addresses = requests.map(() => 1),
): EndpointCounts => ({
  ...e,
  requests,
  errors: [0, 0, 0, 0],
  failures,
  failingPrincipals: failing,
  addresses,
  sampleTraceIds: ['t'],
})

describe('rate_spike over horizons', () => {
  const search = { service: 'search', method: 'GET', route: '/search' }
  const quiet = history(search, [3, 4, 5, 4, 3, 4, 6, 4, 5, 3, 4, 4, 5, 2, 4, 5, 4, 3, 4, 5])
  it('a quiet endpoint at 8× its 4/min fires without any absolute floor', () => {
    const [finding] = detectRateSpikes(
      detectionInput(window, {
        endpointHistory: [quiet],
        endpointCounts: [endpointCounts(search, [32, 160, 300, 360])],
      }),
      config,
    )
    expect(finding?.kind).toBe('rate_spike')
    expect(finding?.summary).toMatch(/usual 4\/min/)
  })
  it('a surge carried by users at ordinary rates, failing as usual, is organic (a marketing wave); the same volume from fresh addresses is a spike', () => {
    const surge = endpointCounts(search, [32, 160, 300, 360])
    const users = Array.from(
      { length: 16 },
      (_, u): PrincipalCounts => ({ ...counts([2, 10, 19, 22]), ...search, principal: `user-${u}` }),
    )
    const established = baselines({ establishedPrincipals: new Map(users.map((c) => [c.principal, 0])) })
    expect(
      detectRateSpikes(
        detectionInput(window, {
          endpointHistory: [quiet],
          endpointCounts: [surge],
          principalCounts: users,
          baselines: established,
        }),
        config,
      ),
    ).toEqual([])
    // Users new here at an ordinary rate (returning customers) are organic too;
    // the same requests from bare addresses nobody has seen: a spike.
    expect(
      detectRateSpikes(
        detectionInput(window, { endpointHistory: [quiet], endpointCounts: [surge], principalCounts: users }),
        config,
      ),
    ).toEqual([])
    const addresses = users.map((c, u) => ({ ...c, principal: `203.0.113.${u}`, isUser: false }))
    const [finding] = detectRateSpikes(
      detectionInput(window, { endpointHistory: [quiet], endpointCounts: [surge], principalCounts: addresses }),
      config,
    )
    expect(finding?.evidence.observed['fromUnknownOrAboveNorm']).toBe(1)
  })

  it('a job that walks the endpoint every period of its history is normal for itself; the same account far above its own norm is a flood', () => {
    const surge = endpointCounts(search, [32, 160, 300, 360])
    const job: PrincipalCounts = { ...counts([28, 140, 280, 280]), ...search, principal: '10.250.0.9', isUser: false }
    const ownOf = (maxRequests: number): Baselines =>
      baselines({
        establishedPrincipals: new Map([[job.principal, 0]]),
        own: new Map([
          [
            principalKey(search, job.principal),
            [1, 5, 15, 60].map((h) => ({
              requests: { mean: 20 * h, variance: 40 * h, buckets: 6 },
              objects: undefined,
              denied: undefined,
              maxRequests: maxRequests * h,
            })),
          ],
        ]),
      })
    const judge = (b: Baselines) =>
      detectRateSpikes(
        detectionInput(window, {
          endpointHistory: [quiet],
          endpointCounts: [surge],
          principalCounts: [job],
          baselines: b,
        }),
        config,
      )
    expect(judge(ownOf(30))).toEqual([])
    expect(judge(ownOf(3)).map((f) => f.kind)).toEqual(['rate_spike'])
  })

  it('who sends is judged in the window: a job that ended minutes ago is no sender; a flood rotating through fresh addresses is all there', () => {
    // 15 minutes hold the job's burst, but the last minute is the usual few users.
    const afterJob = endpointCounts(search, [4, 300, 1400, 1500])
    const regulars = Array.from(
      { length: 4 },
      (_, u): PrincipalCounts => ({ ...counts([1, 5, 15, 60]), ...search, principal: `user-${u}` }),
    )
    expect(
      detectRateSpikes(
        detectionInput(window, { endpointHistory: [quiet], endpointCounts: [afterJob], principalCounts: regulars }),
        config,
      ),
    ).toEqual([])
    // Thirty fresh addresses this minute, one request each (others sent earlier): a flood.
    const rotating = Array.from(
      { length: 30 },
      (_, u): PrincipalCounts => ({ ...counts([1, 1, 1, 1]), ...search, principal: `198.51.100.${u}`, isUser: false }),
    )
    const flood = endpointCounts(search, [34, 170, 500, 560])
    expect(
      detectRateSpikes(
        detectionInput(window, { endpointHistory: [quiet], endpointCounts: [flood], principalCounts: rotating }),
        config,
      ).map((f) => f.kind),
    ).toEqual(['rate_spike'])
  })

  it('an inner hop whose spans name nobody is judged by its callers: organic behind an organic surge, a spike behind a flood', () => {
    const auth = { service: 'auth', method: 'POST', route: '/login' }
    const entry = { service: 'gateway', method: 'POST', route: '/api/login' }
    const users = Array.from(
      { length: 16 },
      (_, u): PrincipalCounts => ({ ...counts([2, 10, 19, 22]), ...entry, principal: `user-${u}` }),
    )
    const edge = { caller: 'gateway', callee: 'auth', ...auth, address: 'auth', source: 'span' as const }
    const judge = (callers: PrincipalCounts[]) =>
      detectRateSpikes(
        detectionInput(window, {
          endpointHistory: [history(entry, quiet.perMinute), history(auth, quiet.perMinute)],
          endpointCounts: [endpointCounts(entry, [32, 160, 300, 360]), endpointCounts(auth, [32, 160, 300, 360])],
          principalCounts: callers,
          edges: [{ ...edge, calls: 32, sampleTraceIds: [] }],
        }),
        config,
      ).map((f) => f.entity.service)
    expect(judge(users)).toEqual([])
    expect(judge(users.map((c, u) => ({ ...c, principal: `203.0.113.${u}`, isUser: false })))).toEqual([
      'gateway',
      'auth',
    ])
    // A scraper flooding another endpoint of the same gateway during the wave: reported, and the wave
    // behind the auth service stays organic (edges do not say which gateway endpoint calls auth).
    const invoices = { service: 'gateway', method: 'GET', route: '/api/invoices/:id' }
    const scraper = { ...counts([90, 400, 900, 900]), ...invoices, principal: '198.51.100.9', isUser: false }
    const duringWave = detectRateSpikes(
      detectionInput(window, {
        endpointHistory: [
          history(entry, quiet.perMinute),
          history(auth, quiet.perMinute),
          history(invoices, quiet.perMinute),
        ],
        endpointCounts: [
          endpointCounts(entry, [32, 160, 300, 360]),
          endpointCounts(auth, [32, 160, 300, 360]),
          endpointCounts(invoices, [90, 400, 900, 900]),
        ],
        principalCounts: [...users, scraper],
        edges: [{ ...edge, calls: 32, sampleTraceIds: [] }],
      }),
      config,
    )
    expect(duringWave.map((f) => f.entity.endpoint)).toEqual(['GET /api/invoices/:id'])
  })

  it('a ramp to 1.8× is not a spike', () => {
    expect(
      detectRateSpikes(
        detectionInput(window, {
          endpointHistory: [quiet],
          endpointCounts: [endpointCounts(search, [7, 36, 108, 400])],
        }),
        config,
      ),
    ).toEqual([])
  })
})

describe('credential stuffing across addresses', () => {
  const login = { service: 'auth', method: 'POST', route: '/login' }
  const base = baselines({
    endpointMinutes: new Map([
      [
        endpointKey(login),
        {
          requests: { mean: 20, variance: 40, buckets: 2000 },
          failures: { mean: 1.2, variance: 2, buckets: 2000 },
          failingPrincipals: { mean: 1.1, variance: 1.5, buckets: 2000 },
          failureRatio: 0.06,
          minutes: 2000,
        },
      ],
    ]),
  })
  const input = (c: EndpointCounts): DetectionInput =>
    detectionInput(window, { endpointHistory: [history(login, [20])], endpointCounts: [c], baselines: base })
  it('2,000 attempts in 30 min over 5 addresses: no address stands out, the endpoint does', () => {
    const [finding] = detectAuthFailures(
      input(endpointCounts(login, [87, 430, 1290, 2100], [67, 335, 1000, 1700], [60, 300, 900, 1500], [7, 9, 12, 40])),
      config,
    )
    expect(finding?.entity).toEqual({ service: 'auth', endpoint: 'POST /login' })
    expect(finding?.summary).toMatch(/credential stuffing spread over addresses/)
  })
  it('a login wave — three times the logins, the usual share failing — is not stuffing', () => {
    expect(
      detectAuthFailures(
        input(endpointCounts(login, [60, 300, 900, 3600], [4, 18, 54, 216], [4, 17, 50, 200], [55, 250, 700, 2500])),
        config,
      ),
    ).toEqual([])
  })
})

describe('hygiene and inventory', () => {
  it('missing correlation ids fire in the first window their share departs from the service’s own', () => {
    const input = detectionInput(window, {
      serviceSpanCounts: [
        {
          service: 'orders',
          spans: [400, 2000, 6000, 6000],
          missingCorrelation: [120, 120, 120, 120],
          sampleTraceIds: ['t'],
        },
      ],
      baselines: baselines({ missingCorrelationShare: new Map([['orders', { spans: 100_000, missing: 10 }]]) }),
    })
    expect(detectMissingCorrelation(input, config).map((f) => f.evidence.observed['horizonMinutes'])).toEqual([1])
    // A service that always misses 30 % is judged on change, not on the share itself.
    const usual = detectionInput(window, {
      serviceSpanCounts: [
        {
          service: 'legacy',
          spans: [400, 2000, 6000, 6000],
          missingCorrelation: [120, 600, 1800, 1800],
          sampleTraceIds: ['t'],
        },
      ],
      baselines: baselines({ missingCorrelationShare: new Map([['legacy', { spans: 100_000, missing: 30_000 }]]) }),
    })
    expect(detectMissingCorrelation(usual, config)).toEqual([])
  })

  it('a new endpoint many principals start calling is adoption; one bare address is a shadow endpoint at once, one fresh user when the wait is over', () => {
    const known = { service: 'catalog', method: 'GET', route: '/products' }
    const fresh = { service: 'catalog', method: 'GET', route: '/products/:id/reviews' }
    const callers = (n: number): PrincipalCounts[] =>
      Array.from({ length: n }, (_, i) => ({ ...counts([1, 1, 1, 1]), ...fresh, principal: `user-${i}` }))
    const input = (n: number) =>
      detectionInput(window, {
        endpointHistory: [{ ...history(known, [5]), firstSeen: window.start - 86_400 }],
        endpoints: [{ ...fresh, requests: n, errors: 0, sampleTraceIds: ['t'] }],
        principalCounts: callers(n),
      })
    // One user without a history: neither adoption nor an outsider yet — wait.
    expect(detectShadowEndpoints(input(1), config)).toEqual([])
    const bare = input(1)
    bare.principalCounts = bare.principalCounts.map((c) => ({ ...c, principal: '203.0.113.9', isUser: false }))
    expect(detectShadowEndpoints(bare, config).map((f) => f.entity.endpoint)).toEqual(['GET /products/:id/reviews'])
    expect(detectShadowEndpoints(input(1), { ...config, adoptionWaitSeconds: 0 })).toHaveLength(1)
    expect(detectShadowEndpoints(input(config.adoptionPrincipals), config)).toEqual([])
    // One caller with a history of their own: a rare route, or a first adopter.
    const established = { ...input(1), baselines: baselines({ establishedPrincipals: new Map([['user-0', 0]]) }) }
    expect(detectShadowEndpoints(established, config)).toEqual([])
    // When the wait is over: the users of the whole wait, and who came first, decide.
    const firstSeen = window.start - config.adoptionWaitSeconds
    const due = (users: string[], firstWindowAddresses = 0) =>
      detectionInput(window, {
        endpointHistory: [{ ...history(known, [5]), firstSeen: window.start - 86_400 }],
        baselines: baselines({
          establishedPrincipals: new Map([
            ['user-old', firstSeen - 3600],
            ['user-new', firstSeen + 60],
          ]),
        }),
        adoptionsDue: [
          { ...fresh, firstSeen, users, firstWindowPrincipals: 1, firstWindowAddresses, sampleTraceIds: ['t'] },
        ],
      })
    const judged = (users: string[], addresses = 0) =>
      detectShadowEndpoints(due(users, addresses), config).map((f) => f.evidence.observed['callers'])
    expect(judged(['fresh-1', 'user-new'])).toEqual(['fresh-1, user-new'])
    expect(judged(['fresh-1', 'user-old'])).toEqual([])
    expect(judged(Array.from({ length: config.adoptionPrincipals }, (_, i) => `fresh-${i}`))).toEqual([])
    // Raised in its first window already (a bare address came too): not again.
    expect(judged(['fresh-1'], 1)).toEqual([])
  })

  it('the backend route behind an adopted page is part of the deploy; reached by an outsider or by a service adopting nothing it is raised', () => {
    const known = { service: 'gateway', method: 'GET', route: '/api/products' }
    const page = { service: 'gateway', method: 'GET', route: '/api/products/:id/reviews' }
    const backend = { service: 'catalog', method: 'GET', route: '/products/:id/reviews' }
    const adopters = Array.from({ length: config.adoptionPrincipals }, (_, i) => ({
      ...counts([1, 1, 1, 1]),
      ...page,
      principal: `user-${i}`,
    }))
    const edge = { caller: 'gateway', callee: 'catalog', ...backend, address: 'catalog', source: 'span' as const }
    const input = (fromPage: boolean, outsider: boolean) =>
      detectionInput(window, {
        endpointHistory: [{ ...history(known, [5]), firstSeen: window.start - 86_400 }],
        endpoints: [page, backend].map((e) => ({ ...e, requests: 5, errors: 0, sampleTraceIds: ['t'] })),
        principalCounts: outsider
          ? [...adopters, { ...counts([5, 5, 5, 5]), ...backend, principal: '203.0.113.9', isUser: false }]
          : adopters,
        edges: [{ ...edge, ...(fromPage ? {} : { caller: 'notifications' }), calls: 5, sampleTraceIds: [] }],
        knownEdges: [{ caller: 'gateway', callee: 'catalog', address: 'catalog', source: 'span' }],
      })
    expect(detectShadowEndpoints(input(true, false), config)).toEqual([])
    expect(detectShadowEndpoints(input(false, false), config).map((f) => f.entity.service)).toEqual(['catalog'])
    expect(detectShadowEndpoints(input(true, true), config).map((f) => f.entity.service)).toEqual(['catalog'])
    // The page may reach a service the gateway never called: that new edge is the deploy's too; another is not.
    const graph = (edges: DetectionInput['edges']) =>
      detectGraphChanges(
        {
          ...input(true, false),
          edges,
          graphSince: window.start - 86_400,
          knownEdges: [],
          // payments' route is long known: calling it over a never-seen edge is no deploy.
          knownEndpoints: new Map([[endpointKey({ service: 'payments', method: 'GET', route: '/payments/:id' }), 0]]),
        },
        config,
      ).map((f) => `${f.kind} ${f.entity.edge?.to}`)
    const reviews = { ...edge, calls: 5, sampleTraceIds: [] }
    expect(graph([reviews])).toEqual([])
    const payments = { ...reviews, callee: 'payments', route: '/payments/:id', address: 'payments' }
    expect(graph([reviews, payments])).toEqual(['new_edge payments'])
  })
})
