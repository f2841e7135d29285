// npm run evaluate -w examples/simulator -- [--scale small|full] [--seeds 101,102,103] [--json] [--sweep]
// Prints precision, recall and time-to-detect per attack kind, and false
// alerts per clean day; exits 1 when the targets are not met. --sweep prints
// the detection curves of the intensity sweep instead (run-sweep.ts).
import { Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import { formatReport, summarize } from './report.ts'
import { runEvaluation } from './run-evaluation.ts'
import { formatCurves, runSweep } from './run-sweep.ts'
import { HELD_OUT_SEEDS, SCALES, type Scale } from './scales.ts'

const seedList = (value: string): number[] => {
  const seeds = value.split(',').map((s) => Number(s.trim()))
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0))
    throw new InvalidArgumentError(
      `--seeds expects comma-separated non-negative integers, e.g. 101,102; got ${JSON.stringify(value)}`,
    )
  return seeds
}
const scaleName = (value: string): Scale => {
  if (value !== 'small' && value !== 'full')
    throw new InvalidArgumentError(`--scale expects small or full; got ${JSON.stringify(value)}`)
  return value
}

const program = new Command('evaluate')
  .description("Simulates labelled traffic, runs tracehound's detection over it and scores the findings.")
  .option('--scale <scale>', 'small (minutes, the CI guard) or full (the recorded run)', scaleName, 'small' as Scale)
  .option('--seeds <list>', 'comma-separated seeds (default: the held-out seeds)', seedList, HELD_OUT_SEEDS)
  .option('--json', 'print the summary as JSON instead of the table')
  .option(
    '--sweep',
    'detection curves: slow and spread-out attacks at 2×–100× their actor’s norm (recall and time to detect per intensity)',
  )
  .action(async (flags: { scale: Scale; seeds: number[]; json?: boolean; sweep?: boolean }) => {
    const bar =
      process.stderr.isTTY && !flags.json
        ? new cliProgress.SingleBar(
            { format: '{stage} [{bar}] {percentage}%', hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined
    let lastStage = ''
    const progress = (stage: string, done: number, total: number): void => {
      if (bar) {
        if (stage !== lastStage) {
          bar.stop()
          bar.start(total, done, { stage })
          lastStage = stage
        } else bar.update(done, { stage })
      } else if (stage !== lastStage) {
        process.stderr.write(`${stage}…\n`)
        lastStage = stage
      }
    }
    if (flags.sweep) {
      const sweep = await runSweep(flags.seeds, SCALES[flags.scale], { progress })
      bar?.stop()
      process.stdout.write(flags.json ? `${JSON.stringify(sweep)}\n` : `${formatCurves(sweep)}\n`)
      return
    }
    const results = await runEvaluation(flags.seeds, SCALES[flags.scale], { progress })
    bar?.stop()
    const summary = summarize(results)
    process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `${formatReport(results, summary)}\n`)
    process.exitCode = summary.meetsTargets ? 0 : 1
  })

await program.parseAsync()
