// Scoring findings against labels: pure, so every rule is pinned here.
import { describe, expect, it } from 'vitest'
import type { AttackLabel } from '../src/attacks.ts'
import { falseAlertRate, GRACE_SECONDS, scoreFindings, type ScoredFinding } from '../src/evaluation.ts'

const T = 1_800_000_000
const iso = (s: number): string => new Date(s * 1000).toISOString()
const finding = (kind: ScoredFinding['kind'], entity: Partial<ScoredFinding['entity']>, at: number): ScoredFinding => ({
  kind,
  entity: { service: '', endpoint: '', edge: undefined, user: '', ...entity } as ScoredFinding['entity'],
  detectedAt: iso(at),
  summary: `${kind} at ${at}`,
  fingerprint: `${kind}:${JSON.stringify(entity)}`,
})

const scraping: AttackLabel = {
  name: 'u1 scrapes GET /api/items/:id',
  kinds: ['endpoint_abuse'],
  accepts: ['endpoint_abuse', 'enumeration', 'rate_spike'],
  entities: [{ user: 'u1' }, { endpoint: 'GET /api/items/:id' }],
  start: T,
  end: T + 240,
}
const pivot: AttackLabel = {
  name: 'billing pivots',
  kinds: ['new_edge', 'lateral_movement'],
  accepts: ['new_edge', 'lateral_movement', 'shadow_endpoint'],
  entities: [{ service: 'billing' }],
  start: T + 3600,
  end: T + 3660,
}

describe('scoreFindings', () => {
  it('counts a finding of a required kind naming the entity within the attack as a detection, with its time to detect', () => {
    const score = scoreFindings(
      [
        finding('endpoint_abuse', { user: 'u1' }, T + 60),
        finding('new_edge', { service: 'billing' }, T + 3660),
        finding('lateral_movement', { service: 'billing' }, T + 3720),
      ],
      [scraping, pivot],
    )
    expect(score.recall).toBe(1)
    expect(score.precision).toBe(1)
    expect(score.perKind.map((k) => [k.kind, k.detected, k.timesToDetect])).toEqual([
      ['endpoint_abuse', 1, [60]],
      ['lateral_movement', 1, [120]],
      ['new_edge', 1, [60]],
    ])
  })

  it('accepted side effects are right but detect nothing; a required kind not found is missed', () => {
    const score = scoreFindings(
      [
        finding('rate_spike', { endpoint: 'GET /api/items/:id' }, T + 120),
        finding('new_edge', { service: 'billing' }, T + 3660),
      ],
      [scraping, pivot],
    )
    expect(score.truePositives).toBe(2)
    expect(score.precision).toBe(1)
    expect(score.recall).toBeCloseTo(1 / 3)
    expect(score.missed).toEqual([
      { attack: 'u1 scrapes GET /api/items/:id', kind: 'endpoint_abuse' },
      { attack: 'billing pivots', kind: 'lateral_movement' },
    ])
  })

  it('the wrong entity, the wrong kind, or a detection after the grace period is a false alert', () => {
    const wrongEntity = finding('endpoint_abuse', { user: 'u2' }, T + 60)
    const wrongKind = finding('secret_leak', { service: 'billing' }, T + 3660)
    const late = finding('endpoint_abuse', { user: 'u1' }, T + 240 + GRACE_SECONDS + 60)
    const inGrace = finding('endpoint_abuse', { user: 'u1' }, T + 240 + GRACE_SECONDS)
    const score = scoreFindings([wrongEntity, wrongKind, late, inGrace], [scraping, pivot])
    expect(score.falsePositives.map((f) => f.summary)).toEqual([wrongEntity.summary, wrongKind.summary, late.summary])
    expect(score.precision).toBe(0.25)
    expect(score.perKind.find((k) => k.kind === 'endpoint_abuse')!.timesToDetect).toEqual([240 + GRACE_SECONDS])
  })

  it('a finding before the attack started is not a detection of it', () => {
    const score = scoreFindings([finding('endpoint_abuse', { user: 'u1' }, T - 60)], [scraping])
    expect(score.recall).toBe(0)
    expect(score.falsePositives).toHaveLength(1)
  })

  it('with every field of a labelled entity required', () => {
    const label: AttackLabel = { ...scraping, entities: [{ service: 'gateway', endpoint: 'GET /a' }] }
    expect(
      scoreFindings([finding('endpoint_abuse', { service: 'gateway', endpoint: 'GET /b' }, T + 60)], [label]).recall,
    ).toBe(0)
    expect(
      scoreFindings([finding('endpoint_abuse', { service: 'gateway', endpoint: 'GET /a' }, T + 60)], [label]).recall,
    ).toBe(1)
  })

  it('no findings and no attacks: perfect by definition, not a division by zero', () => {
    expect(scoreFindings([], [])).toMatchObject({ precision: 1, recall: 1, findings: 0 })
  })
})

describe('falseAlertRate', () => {
  it('normalises to 100 endpoints and one day', () => {
    expect(falseAlertRate(2, 50, 24)).toBe(2) // fewer than 100 endpoints count as 100
    expect(falseAlertRate(3, 300, 12)).toBe(2)
  })
})
