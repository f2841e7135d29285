// The evaluation as text: per attack kind over all seeds, against the targets.
// Pure.
import { median } from 'simple-statistics'
import type { FindingKind } from '@tracehound/detector'
import type { SeedResult } from './run-evaluation.ts'

export const TARGETS = {
  recall: 0.95,
  precision: 0.9,
  medianTimeToDetectSeconds: 60,
  falseAlertsPer100EndpointsPerDay: 1,
}

export interface Summary {
  perKind: {
    kind: FindingKind
    attacks: number
    detected: number
    recall: number
    medianTimeToDetect: number | undefined
  }[]
  recall: number
  precision: number
  medianTimeToDetect: number | undefined
  falseAlertsPer100EndpointsPerDay: number
  /** Incidents per detected attack: mean and largest (goal 1), and incidents mixing two attacks (goal 0). */
  incidentsPerAttack: { mean: number; max: number }
  mixedIncidents: number
  /** Pages per detected attack with the default alerts configuration (PagerDuty, group_by incident), and pages on clean periods. */
  pagesPerAttack: { mean: number; max: number }
  cleanPages: number
  meetsTargets: boolean
}

export function summarize(results: readonly SeedResult[]): Summary {
  const kinds = new Map<FindingKind, { attacks: number; detected: number; ttd: number[] }>()
  for (const r of results) {
    for (const k of r.score.perKind) {
      const acc = kinds.get(k.kind) ?? { attacks: 0, detected: 0, ttd: [] }
      acc.attacks += k.attacks
      acc.detected += k.detected
      acc.ttd.push(...k.timesToDetect)
      kinds.set(k.kind, acc)
    }
  }
  const perKind = [...kinds]
    .map(([kind, k]) => ({
      kind,
      attacks: k.attacks,
      detected: k.detected,
      recall: k.detected / k.attacks,
      medianTimeToDetect: k.ttd.length ? median(k.ttd) : undefined,
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind))
  const attacks = perKind.reduce((s, k) => s + k.attacks, 0)
  const detected = perKind.reduce((s, k) => s + k.detected, 0)
  const findings = results.reduce((s, r) => s + r.score.findings, 0)
  const truePositives = results.reduce((s, r) => s + r.score.truePositives, 0)
  const ttd = [...kinds.values()].flatMap((k) => k.ttd)
  const falseAlerts = results.reduce((s, r) => s + r.falseAlertsPer100EndpointsPerDay, 0) / Math.max(1, results.length)
  const perAttack = results.flatMap((r) => r.incidents.incidentsPerAttack)
  const summary = {
    incidentsPerAttack: {
      mean: perAttack.length ? perAttack.reduce((s, n) => s + n, 0) / perAttack.length : 0,
      max: perAttack.length ? Math.max(...perAttack) : 0,
    },
    mixedIncidents: results.reduce((s, r) => s + r.incidents.mixed.length, 0),
    pagesPerAttack: meanAndMax(results.flatMap((r) => r.pages.pagesPerAttack)),
    cleanPages: results.reduce((s, r) => s + r.cleanPages.pages, 0),
    perKind,
    recall: attacks ? detected / attacks : 1,
    precision: findings ? truePositives / findings : 1,
    medianTimeToDetect: ttd.length ? median(ttd) : undefined,
    falseAlertsPer100EndpointsPerDay: falseAlerts,
  }
  return {
    ...summary,
    meetsTargets:
      summary.recall >= TARGETS.recall &&
      summary.precision >= TARGETS.precision &&
      (summary.medianTimeToDetect ?? Infinity) <= TARGETS.medianTimeToDetectSeconds &&
      summary.falseAlertsPer100EndpointsPerDay <= TARGETS.falseAlertsPer100EndpointsPerDay,
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
const secs = (x: number | undefined): string => (x === undefined ? '—' : `${Math.round(x)} s`)

export function formatReport(results: readonly SeedResult[], summary: Summary): string {
  const lines: string[] = []
  for (const r of results) {
    lines.push(
      `seed ${r.seed}: ${r.scenario.topology.services.length} services, ${r.scenario.endpoints} endpoints, ${r.scenario.spans.toLocaleString('en')} spans in the attack period; ` +
        `${r.score.findings} findings (${r.score.truePositives} right), ${r.cleanFindings.length} on the clean period; ` +
        `simulate ${r.seconds.simulate.toFixed(0)} s, load ${r.seconds.load.toFixed(0)} s, detect ${r.seconds.detect.toFixed(0)} s`,
    )
    for (const m of r.score.missed) lines.push(`  missed   ${m.kind.padEnd(22)} ${m.attack}`)
    for (const f of r.score.falsePositives) lines.push(`  false    ${f.kind.padEnd(22)} ${f.summary}`)
    for (const f of r.cleanFindings) lines.push(`  clean    ${f.kind.padEnd(22)} ${f.summary}`)
    for (const m of r.incidents.mixed) lines.push(`  mixed    ${m.incident} — attacks ${m.attacks.join(' + ')}`)
    for (const s of r.incidents.split) lines.push(`  split    ${s.attack} → ${s.incidents.join(' | ')}`)
  }
  lines.push('')
  lines.push(
    `${'kind'.padEnd(24)}${'attacks'.padStart(8)}${'detected'.padStart(10)}${'recall'.padStart(9)}${'median TTD'.padStart(12)}`,
  )
  for (const k of summary.perKind)
    lines.push(
      `${k.kind.padEnd(24)}${String(k.attacks).padStart(8)}${String(k.detected).padStart(10)}${pct(k.recall).padStart(9)}${secs(k.medianTimeToDetect).padStart(12)}`,
    )
  lines.push('')
  const mark = (ok: boolean): string => (ok ? 'ok' : 'BELOW TARGET')
  lines.push(
    `recall     ${pct(summary.recall).padStart(7)}   target ≥ ${pct(TARGETS.recall)}   ${mark(summary.recall >= TARGETS.recall)}`,
  )
  lines.push(
    `precision  ${pct(summary.precision).padStart(7)}   target ≥ ${pct(TARGETS.precision)}   ${mark(summary.precision >= TARGETS.precision)}`,
  )
  lines.push(
    `median time to detect ${secs(summary.medianTimeToDetect)} (event time)   target ≤ ${TARGETS.medianTimeToDetectSeconds} s   ${mark((summary.medianTimeToDetect ?? Infinity) <= TARGETS.medianTimeToDetectSeconds)}`,
  )
  lines.push(
    `false alerts per 100 endpoints per clean day ${summary.falseAlertsPer100EndpointsPerDay.toFixed(2)}   target ≤ ${TARGETS.falseAlertsPer100EndpointsPerDay}   ${mark(summary.falseAlertsPer100EndpointsPerDay <= TARGETS.falseAlertsPer100EndpointsPerDay)}`,
  )
  lines.push(
    `incidents per detected attack ${summary.incidentsPerAttack.mean.toFixed(2)} (largest ${summary.incidentsPerAttack.max})   goal 1.0 on average, ≤ 1.2   ${mark(summary.incidentsPerAttack.mean <= 1.2)}`,
  )
  lines.push(`incidents mixing two attacks ${summary.mixedIncidents}   goal 0   ${mark(summary.mixedIncidents === 0)}`)
  lines.push(
    `pages per detected attack (default alerts config: PagerDuty, group_by incident) ${summary.pagesPerAttack.mean.toFixed(2)} (largest ${summary.pagesPerAttack.max}); pages on clean periods ${summary.cleanPages}`,
  )
  return lines.join('\n')
}

function meanAndMax(values: readonly number[]): { mean: number; max: number } {
  return {
    mean: values.length ? values.reduce((s, n) => s + n, 0) / values.length : 0,
    max: values.length ? Math.max(...values) : 0,
  }
}
