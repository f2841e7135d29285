// Findings → incidents, pure: which links group, which keep apart, and that
// the result does not depend on the order findings arrive in.
import { describe, expect, it } from 'vitest'
import { fingerprintOf, type Finding, type FindingKind } from '../src/finding.ts'
import { groupIncidents } from '../src/group-incidents.ts'
import { LINK_KINDS } from '../src/incident-links.ts'

const T0 = Date.parse('2026-11-25T08:00:00Z')
let n = 0
function finding(
  kind: FindingKind,
  entity: Finding['entity'],
  minute = 0,
  extra: Partial<Finding> & {
    traces?: string[]
    observed?: Record<string, string | number>
    baseline?: Record<string, string | number>
  } = {},
): Finding {
  const fingerprint = fingerprintOf(kind, entity)
  return {
    id: `${fingerprint.slice(0, 16)}-${n++}`,
    fingerprint,
    kind,
    severity: extra.severity ?? 'high',
    score: extra.score ?? 2,
    entity,
    window: {
      start: new Date(T0 + minute * 60_000).toISOString(),
      end: new Date(T0 + (minute + 1) * 60_000).toISOString(),
    },
    status: extra.status ?? 'open',
    detectedAt: new Date(T0).toISOString(),
    summary: kind,
    evidence: {
      observed: extra.observed ?? { requests: 300, horizonMinutes: 1 },
      baseline: extra.baseline ?? { medianPerMinute: 20 },
      sampleTraceIds: extra.traces ?? [],
    },
  }
}
const options = { gapSeconds: 900, links: LINK_KINDS, edges: new Set(['gateway\u0000orders', 'gateway\u0000auth']) }
const kindsOf = (incidents: ReturnType<typeof groupIncidents>) => incidents.map((i) => [...i.kinds].sort())

describe('groupIncidents', () => {
  const scraping = [
    finding('endpoint_abuse', { service: 'gateway', endpoint: 'GET /api/orders/:id', user: 'user-3' }, 0, { score: 5 }),
    finding('enumeration', { service: 'orders', endpoint: 'GET /orders/:id', user: 'user-3' }, 1, { score: 4 }),
    finding('rate_spike', { service: 'orders', endpoint: 'GET /orders/:id' }, 1),
    finding('rate_spike', { service: 'gateway', endpoint: 'GET /api/orders/:id' }, 0),
  ]
  const stuffing = [
    finding('auth_failures', { service: 'auth', endpoint: 'POST /login' }, 3, {
      severity: 'critical',
      observed: { requests: 60, horizonMinutes: 1 },
    }),
    finding('auth_failures', { service: 'gateway', endpoint: 'POST /api/login' }, 3, {
      observed: { requests: 62, horizonMinutes: 1 },
    }),
  ]
  const compromise = [
    finding('new_edge', { service: 'notifications', edge: { from: 'notifications', to: 'vault' } }, 5, {
      observed: { endpoints: 'GET /internal/keys' },
    }),
    finding('new_edge', { service: 'notifications', edge: { from: 'notifications', to: 'billing' } }, 5, {
      observed: { endpoints: 'GET /internal/export' },
    }),
    finding('lateral_movement', { service: 'notifications' }, 5, {
      severity: 'critical',
      observed: { targets: 'vault, billing' },
    }),
    finding('shadow_endpoint', { service: 'vault', endpoint: 'GET /internal/keys' }, 5, { severity: 'low' }),
  ]
  const hygiene = [
    finding('missing_correlation_id', { service: 'orders' }, 1),
    finding('secret_leak', { service: 'orders' }, 1),
  ]

  it('one attack, one incident: across hops, kinds and the spike it caused', () => {
    const incidents = groupIncidents([...scraping, ...stuffing, ...compromise, ...hygiene], options)
    expect(
      kindsOf(incidents)
        .map((k) => k.join('+'))
        .sort(),
    ).toEqual([
      'auth_failures',
      'endpoint_abuse+enumeration+rate_spike',
      'lateral_movement+new_edge+shadow_endpoint',
      'missing_correlation_id',
      'secret_leak',
    ])
    const having = (kind: string) => incidents.find((i) => i.kinds.includes(kind))!
    const scraper = having('endpoint_abuse')
    expect(scraper!.users).toEqual(['user-3'])
    expect(scraper!.hopPath).toEqual(['gateway', 'orders'])
    expect(scraper!.severity).toBe('high')
    expect(scraper!.title).toBe(
      'user-3: endpoint abuse, enumeration, rate spike — gateway → orders (GET /api/orders/:id, GET /orders/:id)',
    )
    expect(scraper!.reasons).toEqual(expect.arrayContaining(['the same principal, user-3']))
    expect(having('auth_failures').reasons).toEqual(['the same auth_failures at two hops, gateway → auth'])
    expect(having('auth_failures').severity).toBe('critical')
    expect(having('lateral_movement').title).toMatch(/^notifications: new edges, lateral movement, shadow endpoints — /)
  })

  it('the same kind at adjacent hops joins only at the same rate: another route spiking at the gateway is another attack', () => {
    const login = finding('rate_spike', { service: 'gateway', endpoint: 'POST /api/login' }, 0, {
      observed: { requests: 65, horizonMinutes: 1 },
    })
    const auth = finding('rate_spike', { service: 'auth', endpoint: 'POST /login' }, 0, {
      observed: { requests: 65, horizonMinutes: 1 },
    })
    const orders = finding('rate_spike', { service: 'orders', endpoint: 'GET /orders/:id' }, 0, {
      observed: { requests: 328, horizonMinutes: 1 },
    })
    const incidents = groupIncidents([login, auth, orders], options)
    expect(incidents.map((i) => i.services.sort())).toEqual(expect.arrayContaining([['auth', 'gateway'], ['orders']]))
    expect(incidents).toHaveLength(2)
  })

  it('the same kind at adjacent hops joins only in the same minutes: a route spiking again later is another attack', () => {
    const edges = new Set(['gateway\u0000disputes'])
    const early = finding('rate_spike', { service: 'gateway', endpoint: 'GET /v1/disputes/:id' }, 0, {
      observed: { requests: 125, horizonMinutes: 1 },
    })
    const late = finding('rate_spike', { service: 'gateway', endpoint: 'GET /v1/disputes/:id' }, 11, {
      observed: { requests: 244, horizonMinutes: 1 },
    })
    const backend = finding('rate_spike', { service: 'disputes', endpoint: 'GET /disputes/:id' }, 11, {
      observed: { requests: 243, horizonMinutes: 1 },
    })
    const incidents = groupIncidents([early, late, backend], { ...options, edges })
    const holding = (f: Finding) => incidents.find((i) => i.findingIds.includes(f.id))!
    expect(holding(backend)).toBe(holding(late))
    expect(holding(backend)).not.toBe(holding(early))
    // A longer horizon stretches "the same minutes" to it: a 5-minute spike 4 minutes before still joins.
    const ramp = finding('rate_spike', { service: 'gateway', endpoint: 'GET /v1/disputes/:id' }, 7, {
      observed: { requests: 1000, horizonMinutes: 5 },
    })
    const joined = groupIncidents([ramp, backend], { ...options, edges })
    expect(joined).toHaveLength(1)
  })

  it('two principals abusing one endpoint in the same minute are two incidents; the spike joins the stronger', () => {
    const a = finding('endpoint_abuse', { service: 'orders', endpoint: 'GET /orders/:id', user: 'user-3' }, 0, {
      score: 9,
    })
    const b = finding('endpoint_abuse', { service: 'orders', endpoint: 'GET /orders/:id', user: 'user-8' }, 0, {
      score: 3,
    })
    const spike = finding('rate_spike', { service: 'orders', endpoint: 'GET /orders/:id' }, 0)
    const incidents = groupIncidents([a, b, spike], options)
    expect(incidents.map((i) => [i.users, [...i.kinds].sort()])).toEqual(
      expect.arrayContaining([
        [['user-3'], ['endpoint_abuse', 'rate_spike']],
        [['user-8'], ['endpoint_abuse']],
      ]),
    )
    expect(incidents).toHaveLength(2)
  })

  it('overlapping attacks stay apart: a flood on the endpoint a slow scraper uses, a shadow endpoint on a service a pivot also reached', () => {
    const scraper = finding(
      'endpoint_abuse',
      { service: 'wishlists', endpoint: 'GET /wishlists/:id', user: 'user-44' },
      0,
      {
        observed: { requests: 90, horizonMinutes: 15 },
      },
    )
    const flood = finding('rate_spike', { service: 'wishlists', endpoint: 'GET /wishlists/:id' }, 0, {
      observed: { requests: 2400, horizonMinutes: 1 },
      baseline: { medianPerMinute: 30 },
    })
    expect(groupIncidents([scraper, flood], options)).toHaveLength(2)
    const pivot = finding('new_edge', { service: 'invoices', edge: { from: 'invoices', to: 'ledger' } }, 0, {
      observed: { endpoints: 'GET /ledger/:id' },
    })
    const export_ = finding('shadow_endpoint', { service: 'ledger', endpoint: 'GET /internal/ledger/export' }, 0)
    const reachedByPivot = finding('shadow_endpoint', { service: 'ledger', endpoint: 'GET /ledger/:id' }, 0)
    expect(groupIncidents([pivot, export_], options)).toHaveLength(2)
    expect(groupIncidents([pivot, reachedByPivot], options)).toHaveLength(1)
  })

  it('shared sample traces join findings with no principal in common; far apart in time they do not', () => {
    const x = finding('flow_bypass', { service: 'cart', endpoint: 'POST /cart/confirm', user: 'u1' }, 0, {
      traces: ['t1', 't2'],
    })
    const y = finding('shadow_endpoint', { service: 'pricing', endpoint: 'GET /debug' }, 0, { traces: ['t2'] })
    expect(groupIncidents([x, y], options)).toHaveLength(1)
    const later = finding('endpoint_abuse', { service: 'cart', endpoint: 'POST /cart/confirm', user: 'u1' }, 60)
    expect(groupIncidents([x, later], options)).toHaveLength(2)
  })

  it('a spike behind two attackers’ routes carries traces of both, and still joins only one of them', () => {
    const findings = [
      finding('enumeration', { service: 'gateway', endpoint: 'GET /api/catalog/:id', user: 'user-11' }, 0, {
        traces: ['t-enum'],
      }),
      finding('endpoint_abuse', { service: 'gateway', endpoint: 'GET /api/billing/:id', user: 'user-21' }, 0, {
        traces: ['t-scrape'],
      }),
      finding('rate_spike', { service: 'users', endpoint: 'GET /users' }, 1, { traces: ['t-enum', 't-scrape'] }),
    ]
    const incidents = groupIncidents(findings, options)
    expect(incidents).toHaveLength(2)
    expect(incidents.map((i) => i.users).sort()).toEqual([['user-11'], ['user-21']])
    expect(incidents.map((i) => i.findingIds.length).sort()).toEqual([1, 2])
    expect(groupIncidents([...findings].reverse(), options)).toEqual(incidents)
  })

  it('a scraper whose requests ended before a flood of the same route began is not its cause', () => {
    const scraper = finding(
      'endpoint_abuse',
      { service: 'gateway', endpoint: 'GET /api/orders/:id', user: 'user-3' },
      0,
      {
        observed: { requests: 900, horizonMinutes: 60 },
      },
    )
    const flood = finding('rate_spike', { service: 'gateway', endpoint: 'GET /api/orders/:id' }, 8, {
      observed: { requests: 600, horizonMinutes: 5 },
    })
    expect(groupIncidents([scraper, flood], options)).toHaveLength(2)
    const during = { ...flood, window: scraper.window }
    expect(groupIncidents([scraper, during], options)).toHaveLength(1)
  })

  it('the same incidents and ids whatever the order; links can be switched off', () => {
    const all = [...scraping, ...stuffing, ...compromise, ...hygiene]
    const forward = groupIncidents(all, options)
    const backward = groupIncidents([...all].reverse(), options)
    expect(backward).toEqual(forward)
    expect(new Set(forward.map((i) => i.id)).size).toBe(forward.length)
    const noPrincipal = groupIncidents(scraping, { ...options, links: ['traces'] })
    expect(noPrincipal).toHaveLength(4)
  })
})
