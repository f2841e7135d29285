// Scores findings against the labels of a simulated period. Pure.
// - A finding is right (a true positive) when its kind is one the attack
//   accepts, it names the attack's entity, and it was first detected between
//   the attack's start and its end plus a grace period.
// - An attack kind is detected when a finding of that kind matches; its
//   time-to-detect is the finding's first detection (a window end, event
//   time) minus the attack's start.
// - Everything else is a false alert.
import type { Finding, FindingKind } from '@tracehound/detector'
import { median } from 'simple-statistics'
import type { AttackLabel, LabelledEntity } from './attacks.ts'

export type ScoredFinding = Pick<Finding, 'kind' | 'entity' | 'detectedAt' | 'summary' | 'fingerprint'>

export interface KindScore {
  kind: FindingKind
  attacks: number
  detected: number
  recall: number
  /** Seconds of event time, per detected attack. */
  timesToDetect: number[]
  medianTimeToDetect: number | undefined
}

export interface Score {
  perKind: KindScore[]
  findings: number
  truePositives: number
  falsePositives: ScoredFinding[]
  precision: number
  recall: number
  missed: { attack: string; kind: FindingKind }[]
}

/** After an attack ends, findings still count as detecting it for this long (detection runs on closed windows). */
export const GRACE_SECONDS = 300

const seconds = (iso: string): number => Date.parse(iso) / 1000

function names(entity: LabelledEntity, finding: ScoredFinding): boolean {
  const e = finding.entity
  return (
    (entity.service === undefined || e.service === entity.service) &&
    (entity.endpoint === undefined || e.endpoint === entity.endpoint) &&
    (entity.user === undefined || e.user === entity.user)
  )
}

export function matches(
  label: AttackLabel,
  finding: ScoredFinding,
  kinds: readonly FindingKind[] = label.accepts,
): boolean {
  const at = seconds(finding.detectedAt)
  return (
    kinds.includes(finding.kind) &&
    at >= label.start &&
    at <= label.end + GRACE_SECONDS &&
    label.entities.some((entity) => names(entity, finding))
  )
}

export function scoreFindings(findings: readonly ScoredFinding[], labels: readonly AttackLabel[]): Score {
  const perKind = new Map<FindingKind, KindScore>()
  const missed: Score['missed'] = []
  for (const label of labels) {
    for (const kind of label.kinds) {
      const score = perKind.get(kind) ?? {
        kind,
        attacks: 0,
        detected: 0,
        recall: 0,
        timesToDetect: [],
        medianTimeToDetect: undefined,
      }
      score.attacks++
      const hits = findings.filter((f) => matches(label, f, [kind]))
      if (hits.length > 0) {
        score.detected++
        score.timesToDetect.push(Math.min(...hits.map((f) => seconds(f.detectedAt))) - label.start)
      } else missed.push({ attack: label.name, kind })
      perKind.set(kind, score)
    }
  }
  for (const score of perKind.values()) {
    score.recall = score.attacks === 0 ? 1 : score.detected / score.attacks
    score.medianTimeToDetect = score.timesToDetect.length > 0 ? median(score.timesToDetect) : undefined
  }
  const falsePositives = findings.filter((f) => !labels.some((label) => matches(label, f)))
  const attacks = [...perKind.values()].reduce((s, k) => s + k.attacks, 0)
  const detected = [...perKind.values()].reduce((s, k) => s + k.detected, 0)
  return {
    perKind: [...perKind.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    findings: findings.length,
    truePositives: findings.length - falsePositives.length,
    falsePositives,
    precision: findings.length === 0 ? 1 : (findings.length - falsePositives.length) / findings.length,
    recall: attacks === 0 ? 1 : detected / attacks,
    missed,
  }
}

/** False alerts per 100 endpoints per day, from a clean period's findings. */
export function falseAlertRate(findings: number, endpoints: number, hours: number): number {
  return findings / Math.max(1, endpoints / 100) / (hours / 24)
}
