/**
 * The traffic simulator and the detector's evaluation: realistic microservice
 * traffic with labelled attacks and benign surprises, as OTLP/JSON lines.
 */
export { writeScenario, type ScenarioOptions, type ScenarioResult, type BenignSurprise } from './scenario.ts'
export { ATTACKS, injectAttack, type AttackKind, type AttackLabel, type InjectedAttack } from './attacks.ts'
export { scoreFindings, falseAlertRate, matches, GRACE_SECONDS, type Score, type KindScore } from './evaluation.ts'
export { runEvaluation, SIMULATION_START, type SeedResult } from './run-evaluation.ts'
export { summarize, formatReport, TARGETS, type Summary } from './report.ts'
export { SCALES, TUNING_SEEDS, REGRESSION_SEEDS, HELD_OUT_SEEDS, type Scale } from './scales.ts'
export { generateTopology, type Topology } from './topology.ts'
export { seededRandom } from './random.ts'
