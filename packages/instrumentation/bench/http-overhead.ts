// Requests/s of the same node:http server, same run: bare, with tracehound's
// start(), and with stock sdk-node + getNodeAutoInstrumentations(). Each
// server runs in its own process; autocannon drives it from this one (on a
// 2-core machine the load generator shares the CPU: ratios matter, not totals).
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const SERVER = fileURLToPath(new URL('./support/http-server.ts', import.meta.url))
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8)

async function measure(mode: string): Promise<number> {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, MODE: mode, OTEL_LOG_LEVEL: 'none' }, stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /LISTENING (\d+)/.exec(out)
      if (match) resolve(match[1]!)
    })
  })
  const url = `http://127.0.0.1:${port}/orders/42`
  await autocannon({ url, connections: 20, duration: 2 }) // warm-up
  const result = await autocannon({ url, connections: 20, duration: SECONDS })
  await new Promise((r) => setTimeout(r, 1500)) // let the batch processor export
  const exported = Number(await (await fetch(`http://127.0.0.1:${port}/exported-spans`)).text())
  child.kill('SIGKILL')
  spans[mode] = exported
  return result.requests.average
}

console.log(`http overhead: node:http, 20 connections, ${SECONDS} s per server after a 2 s warm-up; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`)
const results: Record<string, number> = {}
const spans: Record<string, number> = {}
for (const mode of ['bare', 'tracehound', 'stock']) results[mode] = await measure(mode)
const bare = results['bare'] ?? 1
const stock = results['stock'] ?? 1
for (const [mode, rps] of Object.entries(results)) {
  console.log(`  ${mode.padEnd(11)} ${Math.round(rps).toLocaleString('en-US').padStart(8)} req/s  ${(rps / bare).toFixed(2)}× bare  ${(rps / stock).toFixed(2)}× stock  (${spans[mode]} spans exported)`)
}
