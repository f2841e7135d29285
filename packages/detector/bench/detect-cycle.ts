// `npm run bench` (detector): time of one detection cycle (read the window's
// rollups and the history before it, run every detector) at 10,000 endpoints
// and 100,000 users, on the embedded engine. The rollups are filled directly
// with synthetic aggregate states (the detector never reads raw spans for
// baselines, so raw spans are not needed to measure it).
//   BENCH_ENDPOINTS (10000), BENCH_USERS (100000), BENCH_HISTORY_MINUTES (30)
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { DEFAULT_DETECTOR_CONFIG } from '../src/index.ts'
import { DetectionState, readDetectionInput } from '../src/rollup-reader.ts'
import { detectWindow } from '../src/detect-window.ts'

const ENDPOINTS = Number(process.env['BENCH_ENDPOINTS'] ?? 10_000)
const USERS = Number(process.env['BENCH_USERS'] ?? 100_000)
const HISTORY = Number(process.env['BENCH_HISTORY_MINUTES'] ?? 30)
const T0 = 1_795_600_800

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-bench-detect-'))
const store = await ChdbStore.open({ dataDir })
await migrate(store)
const params = { t0: T0, endpoints: ENDPOINTS, users: USERS }

const fill = async (what: string, sql: string): Promise<void> => {
  const t = performance.now()
  await store.command(sql, params)
  console.error(`  filled ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
}
console.error(
  `filling rollups: ${ENDPOINTS} endpoints × ${HISTORY + 1} minutes, ${USERS} users × ${HISTORY + 1} minutes`,
)
await fill(
  'endpoint_minute',
  `INSERT INTO endpoint_minute
   SELECT toDateTime({t0:UInt32}) + toIntervalMinute(intDiv(number, {endpoints:UInt32})) AS Minute,
          concat('svc-', toString(number % {endpoints:UInt32} % 50)), 'GET', concat('/route-', toString(number % {endpoints:UInt32}), '/:id'),
          20 + number % 7, number % 3, 18, 0, 2, number % 3, 20000000,
          quantilesTDigestState(0.5, 0.9, 0.99)(toUInt64(1000000 + number % 1000)), uniqState(toString(number % 97)), uniqState(toString(number % 89)), groupUniqArrayState(5)(hex(number))
   FROM numbers(${(HISTORY + 1) * ENDPOINTS}) GROUP BY number`,
)
await fill(
  'user_endpoint_minute',
  `INSERT INTO user_endpoint_minute
   SELECT toDateTime({t0:UInt32}) + toIntervalMinute(intDiv(number, {users:UInt32})) AS Minute,
          concat('svc-', toString(number % {users:UInt32} % {endpoints:UInt32} % 50)), 'GET', concat('/route-', toString(number % {users:UInt32} % {endpoints:UInt32}), '/:id'),
          concat('user-', toString(number % {users:UInt32})), concat('10.', toString(number % 250), '.0.1'),
          1 + number % 3, 0, 0, 0, number % 2, 0,
          uniqState(toString(number % 3)), groupUniqArrayState(5)(toString(number % 3)), groupUniqArrayState(5)(hex(number))
   FROM numbers(${(HISTORY + 1) * USERS}) GROUP BY number`,
)
await fill(
  'service_edges_minute',
  `INSERT INTO service_edges_minute
   SELECT toDateTime({t0:UInt32}) + toIntervalMinute(intDiv(number, 500)) AS Minute,
          concat('svc-', toString(number % 500 % 50)), concat('svc-', toString((number % 500 + 7) % 50)), 'GET', concat('/route-', toString(number % 500), '/:id'), '', 'span',
          10, 0, toDateTime64(Minute, 9), toDateTime64(Minute, 9), groupUniqArrayState(5)(hex(number))
   FROM numbers(${(HISTORY + 1) * 500}) GROUP BY number`,
)

const counts = await store.query<{ t: string; n: number }>(
  "SELECT 'endpoint_minute' AS t, count() AS n FROM endpoint_minute UNION ALL SELECT 'user_endpoint_minute', count() FROM user_endpoint_minute UNION ALL SELECT 'service_edges_minute', count() FROM service_edges_minute",
)
console.error(`  rows: ${counts.map((c) => `${c.t} ${Number(c.n).toLocaleString('en-US')}`).join(', ')}`)

const window = { start: T0 + HISTORY * 60, end: T0 + (HISTORY + 1) * 60 }
const config = { ...DEFAULT_DETECTOR_CONFIG, baselineSeconds: HISTORY * 60, learningSeconds: 60 }
// Flows and baselines are learned once per hour of event time, from the
// hours before, and cached; timed apart, at the next hour so that all the
// filled minutes count, then warmed for the window's own hour.
const learnStart = performance.now()
const nextHour = Math.ceil(window.end / 3600) * 3600
const ahead = new DetectionState(store, config)
const [learned] = await Promise.all([
  ahead.flows.flowsFor({ start: nextHour, end: nextHour + 60 }),
  ahead.baselines.for({ start: nextHour, end: nextHour + 60 }),
])
const learn = performance.now() - learnStart
// A restart in the same epoch: the learned state comes back from the store (epoch-state.ts).
const restartStart = performance.now()
const restarted = new DetectionState(store, config)
await Promise.all([
  restarted.flows.flowsFor({ start: nextHour, end: nextHour + 60 }),
  restarted.baselines.for({ start: nextHour, end: nextHour + 60 }),
])
const restart = performance.now() - restartStart
const [stored] = await store.query<{ bytes: string }>('SELECT sum(length(Body)) AS bytes FROM detector_state')
const state = new DetectionState(store, config)
await Promise.all([state.flows.flowsFor(window), state.baselines.for(window)])
const rounds: { read: number; detect: number; findings: number }[] = []
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  const input = await readDetectionInput(store, window, config, state)
  const t1 = performance.now()
  const findings = detectWindow(input, config)
  const t2 = performance.now()
  rounds.push({ read: t1 - t0, detect: t2 - t1, findings: findings.length })
}
const best = rounds.reduce((a, b) => (a.read + a.detect <= b.read + b.detect ? a : b))
console.log(
  `detection cycle at ${ENDPOINTS} endpoints / ${USERS} users, ${HISTORY} min of history; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
)
console.log(
  `  learn flows + baselines (hourly): ${(learn / 1000).toFixed(2)} s (and store them), ${learned.length} flows from ${Math.round((window.end - T0) / 60)} min of per-user rollup`,
)
console.log(
  `  restart in the same epoch:        ${(restart / 1000).toFixed(2)} s (learned state read back from detector_state, ${(Number(stored?.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB stored)`,
)
console.log(`  read rollups (window + horizons): ${(best.read / 1000).toFixed(2)} s`)
console.log(`  run detectors:                   ${(best.detect / 1000).toFixed(2)} s`)
console.log(
  `  one cycle (best of 3):           ${((best.read + best.detect) / 1000).toFixed(2)} s, ${best.findings} findings (synthetic data, uniform users)`,
)
await store.close()
rmSync(dataDir, { recursive: true, force: true })
