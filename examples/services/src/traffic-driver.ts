// Live traffic for the demo: ordinary users through the gateway, and the
// injected attacks, each labelled with what it should be detected as.
import { setTimeout as sleep } from 'node:timers/promises'
import { DEMO_PASSWORD } from './topology.ts'

export interface InjectedAttack {
  /** Finding kinds this attack should raise. */
  kinds: string[]
  label: string
  at: number
}

async function hit(url: string, init: RequestInit = {}): Promise<number> {
  try {
    const res = await fetch(url, init)
    await res.arrayBuffer()
    return res.status
  } catch {
    return 0
  }
}

/** Ordinary users until `signal` aborts: each makes a request every ~30 s. */
export async function ordinaryUsers(gateway: string, users: number, signal: AbortSignal): Promise<number> {
  let requests = 0
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const user = `user-${u}`
      await sleep(Math.random() * 20_000)
      while (!signal.aborted) {
        const pick = Math.random()
        const headers = { 'x-user': user, 'content-type': 'application/json' }
        if (pick < 0.6) await hit(`${gateway}/api/orders/${u * 10 + Math.floor(Math.random() * 10)}`, { headers })
        else if (pick < 0.85) await hit(`${gateway}/api/users/${u}/profile`, { headers })
        else if (pick < 0.95)
          await hit(`${gateway}/api/login`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ username: user, password: Math.random() < 0.1 ? 'typo' : DEMO_PASSWORD }),
          })
        else await hit(`${gateway}/api/checkout`, { method: 'POST', headers, body: '{}' })
        requests++
        await sleep(20_000 + Math.random() * 20_000)
      }
    }),
  )
  return requests
}

/** Scraping + ID enumeration: one account walks other people's order ids. */
export async function scrapeOrders(gateway: string): Promise<InjectedAttack> {
  const at = Date.now()
  for (let id = 3000; id < 3300; id++) await hit(`${gateway}/api/orders/${id}`, { headers: { 'x-user': 'user-3' } })
  return { kinds: ['endpoint_abuse', 'enumeration'], label: 'user-3 scrapes 300 order ids that are not theirs', at }
}

/** Credential stuffing: 60 logins across 30 usernames with leaked passwords. */
export async function stuffCredentials(gateway: string): Promise<InjectedAttack> {
  const at = Date.now()
  for (let i = 0; i < 60; i++) {
    await hit(`${gateway}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `victim-${i % 30}`, password: `leaked-${i}` }),
    })
  }
  return { kinds: ['auth_failures'], label: '60 logins with leaked passwords across 30 usernames', at }
}

/** A compromised notifications service explores: three edges it never had. */
export async function pivotFromNotifications(notifications: string): Promise<InjectedAttack> {
  const at = Date.now()
  await hit(`${notifications}/debug/pivot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  return {
    kinds: ['new_edge', 'lateral_movement'],
    label: 'notifications calls auth, orders and payments admin routes',
    at,
  }
}
