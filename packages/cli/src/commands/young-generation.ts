// The gateway runs with a capped V8 young generation. kafkajs encodes every
// produced message through several off-heap buffers that die young; with
// V8's default young generation on a machine with much memory (semispaces up
// to 32 MiB) they pile up between scavenges until their external bytes force
// full mark-compacts: 112 mark-compacts and 54 scavenges in 13 s, against
// 4 and 258 when the gateway made more small garbage — and a fifth of its
// throughput (BENCHMARKS.md). A small semispace keeps them young: how small
// depends on how much small garbage a request makes beside its buffers (16
// MiB was enough while the check built a BigInt and a string per span; once
// it stopped, 16 MiB gave 248k spans/s where 4 MiB gave 332–350k). V8 reads
// the size only at start-up, so the command runs itself again in a child Node
// with the flag, unless the flag is already there (node's own arguments or
// NODE_OPTIONS), and waits for it: signals are passed on, its exit code is
// the command's, and the child stops when this process dies (its IPC channel
// closes).
//
// The child also gets V8's --external-memory-accounted-in-global-limit where
// this Node knows it: kafkajs's and grpc-js's buffers then count towards the
// heap's own limit instead of a separate external one whose overshoot forces
// mark-compacts. Measured alternating, five pairs of 10 s runs: 8 clients
// over OTLP/HTTP 890 µs CPU an export against 1,076 (better in 4 of 5), one
// gRPC client 1,830 against 1,964 (4 of 5) — BENCHMARKS.md. An internal flag:
// passed only when `node <flag> --version` accepts it (supported-v8-flags.ts).
import { fork } from 'node:child_process'
import { supportedV8Flags } from './supported-v8-flags.ts'

export const SEMI_SPACE_MIB = 4
export const GATEWAY_V8_FLAGS = ['--external-memory-accounted-in-global-limit'] as const
const FLAG = '--max-semi-space-size'
/** Set in the child, so it never runs itself again whatever the flags say. */
const MARK = 'TRACEHOUND_YOUNG_GENERATION_CAPPED'

/** Whether this process already runs with a semispace size chosen (by us or by the user). */
export function youngGenerationChosen(env: NodeJS.ProcessEnv = process.env, execArgv = process.execArgv): boolean {
  return env[MARK] !== undefined || semiSpaceMib(execArgv, env) !== undefined
}

/** The semispace size this process was started with, in MiB (undefined: V8's default). */
export function semiSpaceMib(execArgv = process.execArgv, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const args = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg.startsWith(`${FLAG}=`)) return Number(arg.slice(FLAG.length + 1))
    if (arg === FLAG) return Number(args[i + 1])
  }
  return undefined
}

/** In the child: stop (as on SIGTERM) when the parent is gone. */
export function stopWithParent(): void {
  if (process.env[MARK] === undefined || !process.send) return
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
  // The channel only watches the parent: it must not keep this process alive once the stage stopped.
  process.channel?.unref()
}

/** Runs this command line again with the capped semispace; resolves with the child's exit code. */
export function runAgainWithCappedYoungGeneration(): Promise<number> {
  const child = fork(process.argv[1]!, process.argv.slice(2), {
    execArgv: [...process.execArgv, `${FLAG}=${SEMI_SPACE_MIB}`, ...supportedV8Flags(GATEWAY_V8_FLAGS)],
    env: { ...process.env, [MARK]: String(SEMI_SPACE_MIB) },
    stdio: 'inherit',
    // Its own process group: a terminal's Ctrl-C reaches this process only, which passes it on once.
    detached: true,
  })
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onInt = pass('SIGINT')
  const onTerm = pass('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}
