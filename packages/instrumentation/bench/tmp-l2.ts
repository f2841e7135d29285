import { pino } from 'pino'
import { createLogger } from '../src/index.ts'
const dest = () => pino.destination({ dest: '/dev/null', sync: true })
const ident = { value: (v: unknown) => v, string: (s: string) => s, attributes: (a: any) => a }
const oursNoRed = createLogger({ service: 'bench', destination: dest(), redaction: ident as never })
const ours = createLogger({ service: 'bench', destination: dest() })
const plainR = pino({ base: { service: 'bench' }, redact: ['password', 'headers.authorization', 'headers.cookie', '*.password', 'user.email'], timestamp: pino.stdTimeFunctions.isoTime }, dest())
const plain = pino({ base: { service: 'bench' }, timestamp: pino.stdTimeFunctions.isoTime }, dest())
const line = () => ({ user: { id: 'user-42', email: 'jane.doe@example.com' }, password: 'hunter2', headers: { authorization: 'Bearer abcdefghijklmnop', accept: 'application/json' }, items: 3, route: '/orders/:id' })
const c: [string, () => void][] = [['ours', () => ours.info(line(), 'order 42 paid by jane.doe@example.com')], ['ours-noredact', () => oursNoRed.info(line(), 'order 42 paid by jane.doe@example.com')], ['pino-redact', () => plainR.info(line(), 'order 42 paid by jane.doe@example.com')], ['pino', () => plain.info(line(), 'order 42 paid by jane.doe@example.com')]]
const best = new Map<string, number>()
for (let r = 0; r < 5; r++) for (const [n, f] of c) { const t0 = process.hrtime.bigint(); for (let i = 0; i < 100000; i++) f(); const ns = Number(process.hrtime.bigint() - t0) / 100000; best.set(n, Math.min(best.get(n) ?? 1e9, ns)) }
console.log(best)
