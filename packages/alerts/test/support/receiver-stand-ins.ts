// TEST UTILITY — local HTTP servers standing in for Slack's incoming webhook,
// PagerDuty's Events API v2 and a customer webhook (none reachable from
// here). Each records every request and answers from a script of statuses.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: Record<string, string>
  body: string
}

export interface StandIn {
  readonly url: string
  readonly received: Received[]
  /** Statuses to answer with, in order; then `otherwise`. A `retryAfter` adds Retry-After. */
  script(steps: { status: number; retryAfter?: number; body?: string; delayMs?: number }[]): void
  close(): Promise<void>
}

export async function startStandIn(name: string, otherwise: { status: number; body: string }): Promise<StandIn> {
  const received: Received[] = []
  let steps: { status: number; retryAfter?: number; body?: string; delayMs?: number }[] = []
  const server: Server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    received.push({
      path: req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
    })
    const step: { status: number; retryAfter?: number; body?: string; delayMs?: number } = steps.shift() ?? otherwise
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs))
    if (res.destroyed || req.socket.destroyed) return
    res.writeHead(step.status, {
      'content-type': 'application/json',
      ...(step.retryAfter !== undefined ? { 'retry-after': String(step.retryAfter) } : {}),
    })
    res.end(step.body ?? `{"stand_in":"${name}"}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    script(next) {
      steps = [...next]
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
