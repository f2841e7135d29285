// How well findings become incidents, against the labels. Pure.
// - Per detected attack: how many incidents hold its findings (goal 1: on-call
//   is paged once per attack).
// - Mixed incidents: one incident holding findings of two unrelated attacks
//   (two findings whose matching attacks have nothing in common; goal 0).
import type { Finding, Incident } from '@tracehound/detector'
import type { AttackLabel } from './attacks.ts'
import { matches } from './evaluation.ts'

export interface IncidentScore {
  incidents: number
  /** For each detected attack, the incidents its findings are in. */
  incidentsPerAttack: number[]
  /** Attacks whose findings landed in more than one incident, with those incidents' titles. */
  split: { attack: string; incidents: string[] }[]
  /** Incidents holding findings of two unrelated attacks. */
  mixed: { incident: string; attacks: string[] }[]
}

export function scoreIncidents(
  incidents: readonly Incident[],
  findings: readonly Finding[],
  labels: readonly AttackLabel[],
): IncidentScore {
  const byId = new Map(findings.map((f) => [f.id, f]))
  const live = incidents.filter((i) => i.status !== 'merged')
  const attacksOf = (f: Finding): string[] => labels.filter((l) => matches(l, f)).map((l) => l.name)
  const incidentsPerAttack: number[] = []
  const split: IncidentScore['split'] = []
  for (const label of labels) {
    const holding = live.filter((i) => i.findingIds.some((id) => byId.get(id) && matches(label, byId.get(id)!)))
    if (holding.length > 0) incidentsPerAttack.push(holding.length)
    if (holding.length > 1) split.push({ attack: label.name, incidents: holding.map((i) => i.title) })
  }
  const mixed: IncidentScore['mixed'] = []
  for (const incident of live) {
    const sets = incident.findingIds
      .map((id) => byId.get(id))
      .filter((f): f is Finding => f !== undefined)
      .map(attacksOf)
      .filter((s) => s.length > 0)
    const disjoint = sets.some((a, i) => sets.slice(i + 1).some((b) => !a.some((x) => b.includes(x))))
    if (disjoint) mixed.push({ incident: incident.title, attacks: [...new Set(sets.flat())] })
  }
  return { incidents: live.length, incidentsPerAttack, split, mixed }
}
