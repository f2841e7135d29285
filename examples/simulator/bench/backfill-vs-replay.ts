// Backfill cost: `detect --from --to` over a day against the time `replay`
// takes to load that day, measured in the same run on the same store (the
// peer the issue names). Two simulated days: the first is history, the
// second is replayed (timed) and then detected (timed). Prints the ratio.
//   node bench/backfill-vs-replay.ts [--hours 24] [--users 3000] [--peak 150] [--backends 16]
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { detectRange } from '@tracehound/detector'
import { replayFiles } from '@tracehound/ingest'
import { ChdbStore, migrate } from '@tracehound/store'
import { SIMULATION_START } from '../src/run-evaluation.ts'
import { writeScenario } from '../src/scenario.ts'

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '24' },
    users: { type: 'string', default: '3000' },
    peak: { type: 'string', default: '150' },
    backends: { type: 'string', default: '16' },
    profile: { type: 'boolean', default: false },
  },
})
const hours = Number(values.hours)
const workDir = mkdtempSync(join(tmpdir(), 'tracehound-backfill-'))
const say = (line: string): void => void process.stderr.write(`${line}\n`)
const store = await ChdbStore.open({ dataDir: join(workDir, 'store') })
try {
  await migrate(store)
  // One scenario of two periods: `hours` of history, then `hours` to backfill (the attacks are in it).
  const file = join(workDir, 'days.jsonl')
  say(`simulating ${2 * hours} h (${values.users} users, ${values.backends} backends, peak ${values.peak}/min)…`)
  const scenario = await writeScenario(
    {
      seed: 7,
      start: SIMULATION_START,
      historyHours: hours,
      evaluationHours: hours,
      backends: Number(values.backends),
      maxEndpoints: 5,
      users: Number(values.users),
      peakPerMinute: Number(values.peak),
      attacks: true,
      rounds: 1,
    },
    file,
  )
  // Replay loads the file whole; the history half is the same size as the evaluated half, so the day's load time is half of it.
  say('replaying both periods…')
  let t = performance.now()
  const replayed = await replayFiles(store, [file])
  const replaySeconds = (performance.now() - t) / 1000
  const daySpans = scenario.spans / 2
  // --profile: time spent per query shape during detection (queries overlap, so the sum exceeds the wall time).
  const spent = new Map<string, { calls: number; ms: number }>()
  if (values.profile) {
    const query = store.query.bind(store)
    store.query = (async (sql: string, params?: Parameters<typeof query>[1]) => {
      const key = sql.replace(/\s+/g, ' ').slice(0, 100)
      const t0 = performance.now()
      try {
        return await query(sql, params)
      } finally {
        const entry = spent.get(key) ?? { calls: 0, ms: 0 }
        entry.calls++
        entry.ms += performance.now() - t0
        spent.set(key, entry)
      }
    }) as typeof store.query
  }
  say(`detecting ${hours} h…`)
  t = performance.now()
  let last = 0
  const report = await detectRange(store, {
    from: scenario.evaluation.from,
    to: scenario.evaluation.to,
    onProgress: (done, total) => {
      if (done - last >= total / 10 || done === total) {
        say(`  ${done}/${total} windows`)
        last = done
      }
    },
  })
  const detectSeconds = (performance.now() - t) / 1000
  const replayDay = replaySeconds / 2
  console.log(
    `backfill of ${hours} h: ${scenario.spans.toLocaleString('en')} spans simulated over ${2 * hours} h (${Math.round(daySpans).toLocaleString('en')} per period), ${scenario.topology.services.length} services, ${scenario.endpoints} endpoints, ${values.users} users`,
  )
  console.log(
    `  replay (both periods):        ${replaySeconds.toFixed(1)} s (${replayed.spans.toLocaleString('en')} spans); one period ≈ ${replayDay.toFixed(1)} s`,
  )
  console.log(
    `  detect --from --to (${hours} h):   ${detectSeconds.toFixed(1)} s, ${report.windows} windows, ${report.findings.length} findings`,
  )
  console.log(`  ratio detect / replay of the same period: ${(detectSeconds / replayDay).toFixed(2)}× (goal ≤ 3×)`)
  for (const [sql, e] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
    console.log(`  ${(e.ms / 1000).toFixed(1).padStart(7)} s in ${String(e.calls).padStart(5)} × ${sql}`)
  console.log(
    `  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  )
} finally {
  await store.close()
  rmSync(workDir, { recursive: true, force: true })
}
