// Requests/s of the same node:http server, same run: bare, with tracehound's
// start(), and with stock sdk-node + getNodeAutoInstrumentations(). Each
// server runs in its own process; autocannon drives it from this one. With
// two or more CPUs and `taskset` available, the server is pinned to CPU 1 and
// this process to CPU 0, so the load generator and the server (with its GC
// threads) do not take each other's CPU. Every request has its own path
// (/orders/<unique id>), as object ids do in real traffic. Besides req/s, the
// server's own CPU time per request (user + system, all threads) is printed.
// The modes alternate for several rounds. The machine's speed drifts between
// rounds, so each ratio is taken within a round (same minute, same conditions)
// and the median of those ratios is printed, with their range.
import { spawn, spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const SERVER = fileURLToPath(new URL('./support/http-server.ts', import.meta.url))
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 6)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const pinned =
  cpus().length >= 2 &&
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0

interface Result {
  rps: number
  cpuMicrosPerRequest: number
  spans: number
  served: number
}

async function measure(mode: string): Promise<Result> {
  const env = { ...process.env, MODE: mode, OTEL_LOG_LEVEL: 'none' }
  const child = pinned
    ? spawn('taskset', ['-c', '1', process.execPath, SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /LISTENING (\d+)/.exec(out)
      if (match) resolve(match[1]!)
    })
  })
  const base = `http://127.0.0.1:${port}`
  const url = `${base}/orders/[<id>]`
  const cpu = async (): Promise<number> => Number(await (await fetch(`${base}/cpu`)).text())
  await autocannon({ url, idReplacement: true, connections: 20, duration: 2 }) // warm-up
  const cpuBefore = await cpu()
  const result = await autocannon({ url, idReplacement: true, connections: 20, duration: SECONDS })
  const cpuMicros = (await cpu()) - cpuBefore
  await new Promise((r) => setTimeout(r, 1500)) // let the batch processor export
  const [spans = 0, served = 0] = (await (await fetch(`${base}/exported-spans`)).text()).split(' ').map(Number)
  child.kill('SIGKILL')
  return { rps: result.requests.average, cpuMicrosPerRequest: cpuMicros / result.requests.total, spans, served }
}

console.log(
  `http overhead: node:http, 20 connections, ${SECONDS} s per server after a 2 s warm-up, median of ${ROUNDS} alternating rounds; ${pinned ? 'server on CPU 1, autocannon on CPU 0' : 'not pinned'}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
)
const MODES = ['bare', 'tracehound', 'stock']
const rounds: Record<string, Result[]> = Object.fromEntries(MODES.map((m) => [m, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of MODES) rounds[mode]!.push(await measure(mode))
  process.stderr.write(`  round ${round + 1}/${ROUNDS} done\n`)
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const results: Record<string, Result> = Object.fromEntries(
  MODES.map((m) => {
    const rs = rounds[m]!
    return [
      m,
      {
        rps: median(rs.map((r) => r.rps)),
        cpuMicrosPerRequest: median(rs.map((r) => r.cpuMicrosPerRequest)),
        spans: rs.reduce((n, r) => n + r.spans, 0),
        served: rs.reduce((n, r) => n + r.served, 0),
      },
    ]
  }),
)
const ratio = (mode: string, to: string): number[] => rounds[mode]!.map((r, i) => r.rps / rounds[to]![i]!.rps)
const range = (values: number[]): string => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`
const bare = results['bare']!
for (const [mode, r] of Object.entries(results)) {
  const vsBare = ratio(mode, 'bare')
  const vsStock = ratio(mode, 'stock')
  console.log(
    `  ${mode.padEnd(11)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  ${median(vsBare).toFixed(2)}× bare (${range(vsBare)})  ${median(vsStock).toFixed(2)}× stock (${range(vsStock)})  |  ${r.cpuMicrosPerRequest.toFixed(1).padStart(5)} µs CPU/req, +${(r.cpuMicrosPerRequest - bare.cpuMicrosPerRequest).toFixed(1)} over bare  (${r.spans.toLocaleString('en-US')} spans exported for ${r.served.toLocaleString('en-US')} requests)`,
  )
}
