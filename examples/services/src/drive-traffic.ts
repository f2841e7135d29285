// Runs the demo shop's traffic against already-running services (the
// docker-compose `shop-traffic` container): ordinary users through the
// gateway without end, and every ATTACK_EVERY_MINUTES one injected attack in
// turn (scraping, credential stuffing, a pivot from notifications).
//   GATEWAY_URL=http://shop-gateway:8080 NOTIFICATIONS_URL=http://shop-notifications:8080 node drive-traffic.ts
import { setTimeout as sleep } from 'node:timers/promises'
import {
  ordinaryUsers,
  pivotFromNotifications,
  scrapeOrders,
  stuffCredentials,
  type InjectedAttack,
} from './traffic-driver.ts'

const gateway = process.env['GATEWAY_URL']
const notifications = process.env['NOTIFICATIONS_URL']
const users = Number(process.env['USERS'] ?? 40)
const attackEveryMinutes = Number(process.env['ATTACK_EVERY_MINUTES'] ?? 15)
if (!gateway || !notifications) {
  process.stderr.write(
    'drive-traffic: set GATEWAY_URL and NOTIFICATIONS_URL to the demo gateway and notifications services, e.g. http://shop-gateway:8080\n',
  )
  process.exit(1)
}
if (!(users > 0) || !(attackEveryMinutes > 0)) {
  process.stderr.write(
    `drive-traffic: USERS (${process.env['USERS']}) and ATTACK_EVERY_MINUTES (${process.env['ATTACK_EVERY_MINUTES']}) must be positive numbers\n`,
  )
  process.exit(1)
}

const stop = new AbortController()
process.once('SIGTERM', () => stop.abort())
process.once('SIGINT', () => stop.abort())

const attacks: (() => Promise<InjectedAttack>)[] = [
  () => scrapeOrders(gateway),
  () => stuffCredentials(gateway),
  () => pivotFromNotifications(notifications),
]
const ordinary = ordinaryUsers(gateway, users, stop.signal)
for (let turn = 0; !stop.signal.aborted; turn++) {
  await sleep(attackEveryMinutes * 60_000, undefined, { signal: stop.signal }).catch(() => undefined)
  if (stop.signal.aborted) break
  const attack = await attacks[turn % attacks.length]!()
  process.stdout.write(
    `${JSON.stringify({ time: new Date(attack.at).toISOString(), injected: attack.label, expect: attack.kinds })}\n`,
  )
}
process.stdout.write(`${JSON.stringify({ stopped: true, ordinaryRequests: await ordinary })}\n`)
