// npm run simulate -w examples/simulator -- [--seed 1] [--scale small|full] [--clean]
//   [--out simulation.jsonl | --otlp-endpoint http://127.0.0.1:4318 [--header K=V]]
//   [--labels labels.json] [--start 2026-11-02T00:00:00Z]
// Writes simulated traffic as OTLP/JSON lines for `tracehound replay`, or sends
// it to an OTLP/HTTP endpoint; the labels (attacks, benign surprises, the
// evaluation period, the topology's edges) go to a JSON file.
import { writeFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import { fileLineSink, otlpHttpSink, type LineSink } from './line-sinks.ts'
import { SIMULATION_START } from './run-evaluation.ts'
import { SCALES, type Scale } from './scales.ts'
import { emitScenario } from './scenario.ts'

interface Flags {
  seed: number
  scale: Scale
  clean?: boolean
  out?: string
  otlpEndpoint?: string
  header: Record<string, string>
  labels?: string
  start: number
}

const integer =
  (name: string) =>
  (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} expects a non-negative integer; got ${JSON.stringify(value)}`)
    return n
  }
const scaleName = (value: string): Scale => {
  if (value !== 'small' && value !== 'full')
    throw new InvalidArgumentError(`--scale expects small or full; got ${JSON.stringify(value)}`)
  return value
}
const startTime = (value: string): number => {
  const ms = Date.parse(value)
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(
      `--start expects an ISO time such as 2026-11-02T00:00:00Z; got ${JSON.stringify(value)}`,
    )
  return Math.floor(ms / 60_000) * 60 // minute-aligned, as the scenario needs
}
const header = (value: string, previous: Record<string, string>): Record<string, string> => {
  const at = value.indexOf('=')
  if (at <= 0) throw new InvalidArgumentError(`--header expects NAME=VALUE; got ${JSON.stringify(value)}`)
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) }
}
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()

const program = new Command('simulate')
  .description('Simulated microservice traffic with labelled attacks and benign surprises, as OTLP/JSON.')
  .option('--seed <n>', 'seed: the same seed gives the same topology, users and traffic', integer('--seed'), 1)
  .option(
    '--scale <scale>',
    `small (${SCALES.small.historyHours} h history + ${SCALES.small.evaluationHours} h) or full (${SCALES.full.historyHours} h + ${SCALES.full.evaluationHours} h)`,
    scaleName,
    'small' as Scale,
  )
  .option('--clean', 'no attacks: only ordinary traffic and the benign surprises')
  .option('--out <file>', 'OTLP/JSON lines file (.gz compresses); default simulation.jsonl')
  .option('--otlp-endpoint <url>', 'send to an OTLP/HTTP receiver instead (POST <url>/v1/traces, JSON)')
  .option('--header <name=value>', 'extra request header for --otlp-endpoint (repeatable)', header, {})
  .option('--labels <file>', 'write the labels (attacks, benign surprises, evaluation period, edges) as JSON')
  .option('--start <iso>', 'event time of the first minute', startTime, SIMULATION_START)
  .addHelpText(
    'after',
    '\nThen: tracehound replay simulation.jsonl && tracehound detect --from <evaluation.from> --to <evaluation.to> && tracehound findings',
  )
  .action(async (flags: Flags) => {
    if (flags.out && flags.otlpEndpoint)
      throw new InvalidArgumentError('--out and --otlp-endpoint are exclusive: write a file or send, not both')
    const out = flags.otlpEndpoint ? undefined : (flags.out ?? 'simulation.jsonl')
    const sink: LineSink = flags.otlpEndpoint
      ? otlpHttpSink({ endpoint: flags.otlpEndpoint, headers: flags.header })
      : fileLineSink(out!)
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'simulating [{bar}] {value}/{total} minutes', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined
    bar?.start(1, 0)
    const result = await emitScenario(
      { seed: flags.seed, start: flags.start, attacks: !flags.clean, ...SCALES[flags.scale] },
      sink,
      (minute, minutes) => {
        bar?.setTotal(minutes)
        bar?.update(minute)
      },
    )
    bar?.stop()
    if (flags.labels) {
      const labels = {
        seed: flags.seed,
        scale: flags.scale,
        evaluation: { from: iso(result.evaluation.from), to: iso(result.evaluation.to) },
        attacks: result.labels.map((l) => ({ ...l, start: iso(l.start), end: iso(l.end) })),
        benign: result.benign.map((b) => ({ ...b, start: iso(b.start), end: iso(b.end) })),
        edges: result.topology.edges,
        endpoints: result.endpoints,
      }
      writeFileSync(flags.labels, `${JSON.stringify(labels, null, 2)}\n`)
    }
    const where = out ?? `${flags.otlpEndpoint}/v1/traces`
    process.stdout.write(
      `${[
        `${result.spans} spans in ${result.lines} OTLP/JSON requests → ${where}`,
        `services: ${result.topology.services.join(', ')} (${result.endpoints} endpoints with traffic)`,
        `evaluation period: ${iso(result.evaluation.from)} → ${iso(result.evaluation.to)}`,
        ...result.labels.map((l) => `  attack ${iso(l.start)}  ${l.name}  (expects ${l.kinds.join(', ')})`),
        ...result.benign.map((b) => `  benign ${iso(b.start)}  ${b.name}`),
        out
          ? `next: tracehound replay ${out} && tracehound detect --from ${iso(result.evaluation.from)} --to ${iso(result.evaluation.to)} && tracehound findings`
          : '',
      ]
        .filter(Boolean)
        .join('\n')}\n`,
    )
  })

try {
  await program.parseAsync()
} catch (err) {
  process.stderr.write(`simulate: ${(err as Error).message}\n`)
  process.exitCode = 1
}
