// Logger lines/s, same run: our logger (pino + key AND value redaction) vs pino
// with equivalent redact paths (keys only, at the paths we know) vs winston, on
// an ordinary line and on a busy one (timestamps, key=value text, a trace id).
// All write to /dev/null; best of 5 alternating rounds.
import { openSync, writeSync } from 'node:fs'
import { cpus } from 'node:os'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import winston from 'winston'
import { createLogger } from '../src/index.ts'

const LINES = Number(process.env['BENCH_LINES'] ?? 100_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10)
// Each line differs (order number, one of 1,000 users and their email), as in
// a real service: nothing can be learned from one line and reused on the next.
let n = 0
const line = () => {
  n++
  const user = n % 1000
  return {
    user: { id: `user-${user}`, email: `user${user}@example.com` },
    password: 'hunter2',
    headers: { authorization: `Bearer abcdefghijklmnop${user}`, accept: 'application/json' },
    items: n % 7,
    route: '/orders/:id',
  }
}
const message = () => `order ${n} paid by user${n % 1000}@example.com`
// A second, busier line: a timestamp, an access-log message with key=value pairs and a trace id —
// values that wake more of the value patterns (digits, ':', '=') than the line above.
const busyLine = () => {
  n++
  return {
    http: { method: 'GET', route: '/orders/:id', status: 200 },
    at: `2026-11-27T05:${String(n % 60).padStart(2, '0')}:31.120Z`,
    user_id: `user_${n % 1000}`,
    duration_ms: n % 97,
    event: 'order_viewed',
    password: 'hunter2',
  }
}
const busyMessage = () =>
  `GET /orders/${n} status=200 took=${n % 97}ms trace=4bf92f3577b34da6a3ce929d0e0e4736 user: u${n % 1000}`

const ours = createLogger({ service: 'bench', destination: pino.destination({ dest: '/dev/null', sync: true }) })
const plain = pino(
  {
    base: { service: 'bench' },
    redact: ['password', 'headers.authorization', 'headers.cookie', '*.password', 'user.email'],
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  pino.destination({ dest: '/dev/null', sync: true }),
)
// winston's transports write asynchronously; a Console transport with a
// synchronous stream (like pino's sync destination) makes the cost visible.
const devNullFd = openSync('/dev/null', 'w')
const devNull = new Writable({
  write(chunk: Buffer, _encoding, done) {
    writeSync(devNullFd, chunk)
    done()
  },
})
const wlog = winston.createLogger({
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  defaultMeta: { service: 'bench' },
  transports: [new winston.transports.Stream({ stream: devNull })],
})

const contenders: [string, () => void][] = [
  ['tracehound logger (keys + value patterns)', () => ours.info(line(), message())],
  ['pino with redact paths (keys only)', () => plain.info(line(), message())],
  ['winston (json, no redaction)', () => wlog.info(message(), line())],
  ['busy line: tracehound logger', () => ours.info(busyLine(), busyMessage())],
  ['busy line: pino with redact paths', () => plain.info(busyLine(), busyMessage())],
]
const best = new Map<string, number>()
for (const [, fn] of contenders) for (let i = 0; i < 5_000; i++) fn() // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of contenders) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < LINES; i++) fn()
    const perSecond = LINES / (Number(process.hrtime.bigint() - t0) / 1e9)
    best.set(name, Math.max(best.get(name) ?? 0, perSecond))
  }
}
console.log(
  `logger benchmark: ${LINES} lines per round, best of ${ROUNDS}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
)
for (const [name, perSecond] of best) {
  const ref =
    best.get(name.startsWith('busy') ? 'busy line: pino with redact paths' : 'pino with redact paths (keys only)') ?? 1
  console.log(
    `  ${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} lines/s  ${(perSecond / ref).toFixed(2)}× pino`,
  )
}
// winston's file transport writes asynchronously; let it drain before exit.
await new Promise((resolve) => setTimeout(resolve, 500))
process.exit(0)
