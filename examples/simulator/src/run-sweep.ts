// The intensity sweep: for each intensity (× the actor's own norm) and seed,
// a scenario whose attacks are the sweep's slow and spread-out kinds
// (sweep-attacks.ts), replayed and detected like the standard evaluation.
// The result is a detection curve per attack kind: recall and time to detect
// against intensity.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DetectorConfig } from '@tracehound/detector'
import { ChdbStore, migrate } from '@tracehound/store'
import { median } from 'simple-statistics'
import { scoreFindings } from './evaluation.ts'
import { principalKeyFor, runPeriod, type EvaluationProgress } from './run-evaluation.ts'
import type { ScaleOptions } from './scales.ts'

export const SWEEP_INTENSITIES = [2, 5, 10, 30, 100]
/** Addresses credential stuffing rotates over, drawn per seed. */
export const SWEEP_ADDRESSES = [1, 5, 50, 1000]

export interface CurvePoint {
  kind: string
  intensity: number
  attacks: number
  detected: number
  medianTimeToDetect: number | undefined
}

export interface SweepResult {
  points: CurvePoint[]
  /** Findings that matched no attack, per intensity. */
  falseFindings: { intensity: number; seed: number; kind: string; summary: string }[]
}

export async function runSweep(
  seeds: readonly number[],
  scale: ScaleOptions,
  options: { intensities?: readonly number[]; config?: Partial<DetectorConfig>; progress?: EvaluationProgress } = {},
): Promise<SweepResult> {
  const progress = options.progress ?? (() => undefined)
  const workDir = mkdtempSync(join(tmpdir(), 'tracehound-sweep-'))
  const store = await ChdbStore.open({ dataDir: join(workDir, 'store') })
  const points = new Map<string, CurvePoint & { ttd: number[] }>()
  const falseFindings: SweepResult['falseFindings'] = []
  try {
    await migrate(store)
    for (const intensity of options.intensities ?? SWEEP_INTENSITIES) {
      for (const seed of seeds) {
        const addresses = SWEEP_ADDRESSES[seed % SWEEP_ADDRESSES.length]!
        const run = await runPeriod(
          store,
          workDir,
          seed,
          { ...scale, principalKey: principalKeyFor(seed), sweep: { intensity, addresses } },
          true,
          options.config,
          (stage, done, total) => progress(`×${intensity} ${stage}`, done, total),
        )
        const score = scoreFindings(run.findings, run.scenario.labels)
        for (const k of score.perKind) {
          const key = `${k.kind}\u0000${intensity}`
          const point = points.get(key) ?? {
            kind: k.kind,
            intensity,
            attacks: 0,
            detected: 0,
            medianTimeToDetect: undefined,
            ttd: [],
          }
          point.attacks += k.attacks
          point.detected += k.detected
          point.ttd.push(...k.timesToDetect)
          points.set(key, point)
        }
        for (const f of score.falsePositives) falseFindings.push({ intensity, seed, kind: f.kind, summary: f.summary })
      }
    }
  } finally {
    await store.close()
    rmSync(workDir, { recursive: true, force: true })
  }
  return {
    points: [...points.values()]
      .map(({ ttd, ...p }) => ({ ...p, medianTimeToDetect: ttd.length ? median(ttd) : undefined }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.intensity - b.intensity),
    falseFindings,
  }
}

/** The curves as a table: one row per kind, one column per intensity (detected/attacks, median TTD). */
export function formatCurves({ points, falseFindings }: SweepResult): string {
  const intensities = [...new Set(points.map((p) => p.intensity))].sort((a, b) => a - b)
  const kinds = [...new Set(points.map((p) => p.kind))].sort()
  const cell = (p: CurvePoint | undefined): string =>
    p
      ? `${p.detected}/${p.attacks} ${p.medianTimeToDetect === undefined ? '—' : `${Math.round(p.medianTimeToDetect)}s`}`
      : ''
  const lines = [`${'kind \\ intensity'.padEnd(22)}${intensities.map((i) => `×${i}`.padStart(13)).join('')}`]
  for (const kind of kinds)
    lines.push(
      `${kind.padEnd(22)}${intensities.map((i) => cell(points.find((p) => p.kind === kind && p.intensity === i)).padStart(13)).join('')}`,
    )
  lines.push(
    `${'false findings'.padEnd(22)}${intensities.map((i) => String(falseFindings.filter((f) => f.intensity === i).length).padStart(13)).join('')}`,
  )
  lines.push('cells: attacks detected / attacks, median time to detect (event time, from the attack start)')
  for (const f of falseFindings) lines.push(`  false at ×${f.intensity}, seed ${f.seed}: ${f.kind}: ${f.summary}`)
  return lines.join('\n')
}
