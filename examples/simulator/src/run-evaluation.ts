// One evaluation: for each seed, simulate an attack period and a clean
// period, load each through the real replay path into the embedded store,
// run detection over the evaluation period, and score the findings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_DETECTOR_CONFIG,
  DetectionState,
  detectRange,
  listIncidents,
  type DetectorConfig,
  type Finding,
  type Incident,
} from '@tracehound/detector'
import { replayFiles } from '@tracehound/ingest'
import { ChdbStore, LEDGER_TABLE, migrate, type Store } from '@tracehound/store'
import { falseAlertRate, scoreFindings, type Score } from './evaluation.ts'
import { scoreIncidents, type IncidentScore } from './incident-score.ts'
import { createPager, type PageScore } from './pages-per-attack.ts'
import { writeScenario, type ScenarioResult } from './scenario.ts'
import type { ScaleOptions } from './scales.ts'
import type { PrincipalKey } from './trace-builder.ts'

export interface SeedResult {
  seed: number
  score: Score
  incidents: IncidentScore
  /** Pages the default alerts configuration would send: per attack, and on the clean period. */
  pages: PageScore
  cleanPages: PageScore
  scenario: ScenarioResult
  cleanFindings: Finding[]
  cleanEndpoints: number
  /** False alerts per 100 endpoints per clean day. */
  falseAlertsPer100EndpointsPerDay: number
  seconds: { simulate: number; load: number; detect: number }
}

export type EvaluationProgress = (stage: string, done: number, total: number) => void

/** Simulation starts on a Monday 00:00 UTC, so the evaluation day is a weekday. */
export const SIMULATION_START = Date.UTC(2026, 10, 2) / 1000

/** Empties every table (not views) so each scenario starts from nothing; one data directory serves the whole run. */
export async function emptyStore(store: Store): Promise<void> {
  const tables = await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine NOT LIKE '%View' AND name NOT LIKE '.%'",
  )
  for (const { name } of tables) if (name !== LEDGER_TABLE) await store.command(`TRUNCATE TABLE ${name}`)
}

/** Detection runs in steps of this much event time, like live detection's cycles; the alert router routes after each. */
const DETECT_STEP_SECONDS = 300

export async function runPeriod(
  store: Store,
  workDir: string,
  seed: number,
  scale: ScaleOptions,
  attacks: boolean,
  config: Partial<DetectorConfig> | undefined,
  progress: EvaluationProgress,
): Promise<{
  scenario: ScenarioResult
  findings: Finding[]
  incidents: Incident[]
  pages: PageScore
  seconds: SeedResult['seconds']
}> {
  const file = join(workDir, `seed-${seed}-${attacks ? 'attacks' : 'clean'}.jsonl`)
  const phase = attacks ? 'attack period' : 'clean period'
  let t = performance.now()
  const scenario = await writeScenario({ seed, start: SIMULATION_START, attacks, ...scale }, file, (m, total) =>
    progress(`seed ${seed} ${phase}: simulate`, m, total),
  )
  const simulate = (performance.now() - t) / 1000
  t = performance.now()
  await emptyStore(store)
  await replayFiles(store, [file], {
    onProgress: (done, total) => progress(`seed ${seed} ${phase}: replay`, done, total),
  })
  rmSync(file, { force: true })
  const load = (performance.now() - t) / 1000
  t = performance.now()
  // Detected in steps, as live detection runs, with the alert router routing after each step.
  const detectorConfig = { edgePolicy: scenario.topology.edges, ...config }
  const state = new DetectionState(store, { ...DEFAULT_DETECTOR_CONFIG, ...detectorConfig })
  const { from, to } = scenario.evaluation
  const pager = createPager(store, from * 1000)
  const findings = new Map<string, Finding>()
  for (let step = from; step < to; step += DETECT_STEP_SECONDS) {
    const end = Math.min(step + DETECT_STEP_SECONDS, to)
    const report = await detectRange(store, {
      from: step,
      to: end,
      config: detectorConfig,
      state,
      onProgress: (done) => progress(`seed ${seed} ${phase}: detect`, (step - from) / 60 + done, (to - from) / 60),
    })
    for (const f of report.findings) findings.set(f.id, f)
    await pager.step(end * 1000)
  }
  const detect = (performance.now() - t) / 1000
  return {
    scenario,
    findings: [...findings.values()],
    incidents: await listIncidents(store),
    pages: await pager.score([...findings.values()], scenario.labels),
    seconds: { simulate, load, detect },
  }
}

/** Seeds alternate how services name the principal: the detector must read both conventions. */
export const principalKeyFor = (seed: number): PrincipalKey => (seed % 2 === 1 ? 'user.id' : 'enduser.id')

export async function runEvaluation(
  seeds: readonly number[],
  scale: ScaleOptions,
  options: { config?: Partial<DetectorConfig>; progress?: EvaluationProgress } = {},
): Promise<SeedResult[]> {
  const progress = options.progress ?? (() => undefined)
  const workDir = mkdtempSync(join(tmpdir(), 'tracehound-evaluation-'))
  const store = await ChdbStore.open({ dataDir: join(workDir, 'store') })
  try {
    await migrate(store)
    const results: SeedResult[] = []
    for (const seed of seeds) {
      const styled = { principalKey: principalKeyFor(seed), ...scale }
      const attack = await runPeriod(store, workDir, seed, styled, true, options.config, progress)
      const clean = await runPeriod(store, workDir, seed, styled, false, options.config, progress)
      results.push({
        seed,
        score: scoreFindings(attack.findings, attack.scenario.labels),
        incidents: scoreIncidents(attack.incidents, attack.findings, attack.scenario.labels),
        pages: attack.pages,
        cleanPages: clean.pages,
        scenario: attack.scenario,
        cleanFindings: clean.findings,
        cleanEndpoints: clean.scenario.endpoints,
        falseAlertsPer100EndpointsPerDay: falseAlertRate(
          clean.findings.length,
          clean.scenario.endpoints,
          scale.evaluationHours,
        ),
        seconds: {
          simulate: attack.seconds.simulate + clean.seconds.simulate,
          load: attack.seconds.load + clean.seconds.load,
          detect: attack.seconds.detect + clean.seconds.detect,
        },
      })
    }
    return results
  } finally {
    await store.close()
    rmSync(workDir, { recursive: true, force: true })
  }
}
