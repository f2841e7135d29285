// For each window: which users called a learned flow's step without having
// called any of its predecessors in their session (the window plus the
// session time before it) — except the principals that did so all through
// the learning period (a job using the backend directly: flow-baseline.ts). Reads the per-user rollup only, once for a chunk
// of windows of one clock hour (the flows in force are the hour's); then,
// for the users who bypassed, what their session did instead (one more read,
// only when there is a bypass).
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type FlowBypass, type Window } from './detection-input.ts'
import type { LearnedFlow } from './flow-baseline.ts'

export async function readFlowBypasses(
  store: Store,
  windows: readonly Window[],
  flows: readonly LearnedFlow[],
  config: DetectorConfig,
): Promise<Map<number, FlowBypass[]>> {
  const out = new Map<number, FlowBypass[]>(windows.map((w) => [w.end, []]))
  if (flows.length === 0 || windows.length === 0) return out
  const keys = [...new Set(flows.flatMap((f) => [endpointKey(f.step), ...f.predecessors.map(endpointKey)]))]
  const first = Math.min(...windows.map((w) => w.start))
  const last = Math.max(...windows.map((w) => w.end))
  const rows = (
    await store.query<{ key: string; user: string; minute: string; requests: string; samples: string[] }>(
      `SELECT concat(ServiceName, char(0), Method, char(0), Route) AS key, UserId AS user, toUInt32(Minute) AS minute,
              sum(Requests) AS requests, groupUniqArrayMerge(5)(SampleTraceIds) AS samples
       FROM user_endpoint_minute
       WHERE UserId != '' AND Minute >= toDateTime({session:UInt32}) AND Minute < toDateTime({end:UInt32}) AND key IN {keys:Array(String)}
       GROUP BY key, user, minute`,
      { end: last, session: first - config.flowSessionSeconds, keys },
    )
  ).map((r) => ({
    key: r.key,
    user: r.user,
    minute: Number(r.minute),
    requests: Number(r.requests),
    samples: r.samples ?? [],
  }))
  for (const window of windows) {
    const session = rows.filter((r) => r.minute >= window.start - config.flowSessionSeconds && r.minute < window.end)
    const called = new Set(session.map((r) => `${r.key}\u0001${r.user}`))
    const found = out.get(window.end)!
    for (const flow of flows) {
      const step = endpointKey(flow.step)
      const predecessors = flow.predecessors.map(endpointKey)
      const exempt = new Set(flow.exempt ?? [])
      const byUser = new Map<string, { requests: number; samples: string[] }>()
      for (const r of session) {
        if (
          r.key !== step ||
          r.minute < window.start ||
          exempt.has(r.user) ||
          predecessors.some((p) => called.has(`${p}\u0001${r.user}`))
        )
          continue
        const entry = byUser.get(r.user) ?? { requests: 0, samples: [] }
        entry.requests += r.requests
        entry.samples.push(...r.samples)
        byUser.set(r.user, entry)
      }
      for (const [userId, e] of byUser) {
        found.push({
          step: flow.step,
          predecessors: flow.predecessors,
          learned: { occurrences: flow.occurrences, users: flow.users, precededRatio: flow.precededRatio },
          userId,
          requests: e.requests,
          sampleTraceIds: [...new Set(e.samples)].slice(0, 5),
          sessionInstead: [],
        })
      }
    }
  }
  await addSessionInstead(store, windows, out, config)
  return out
}

/** The other endpoints each bypassing user called in the session before and during the window, busiest first (at most 5). */
async function addSessionInstead(
  store: Store,
  windows: readonly Window[],
  byWindow: Map<number, FlowBypass[]>,
  config: DetectorConfig,
): Promise<void> {
  const bypasses = [...byWindow.values()].flat()
  if (bypasses.length === 0) return
  const first = Math.min(...windows.map((w) => w.start))
  const last = Math.max(...windows.map((w) => w.end))
  const rows = await store.query<{
    user: string
    service: string
    method: string
    route: string
    minute: string
    requests: string
  }>(
    `SELECT UserId AS user, ServiceName AS service, Method AS method, Route AS route, toUInt32(Minute) AS minute, sum(Requests) AS requests
     FROM user_endpoint_minute
     WHERE UserId IN {users:Array(String)} AND Minute >= toDateTime({session:UInt32}) AND Minute < toDateTime({end:UInt32})
     GROUP BY user, service, method, route, minute`,
    { users: [...new Set(bypasses.map((b) => b.userId))], session: first - config.flowSessionSeconds, end: last },
  )
  for (const window of windows) {
    for (const b of byWindow.get(window.end) ?? []) {
      const calls = new Map<string, number>()
      for (const r of rows) {
        const minute = Number(r.minute)
        if (r.user !== b.userId || minute < window.start - config.flowSessionSeconds || minute >= window.end) continue
        if (r.service === b.step.service && r.method === b.step.method && r.route === b.step.route) continue
        const label = `${r.service} ${r.method} ${r.route}`.trim()
        calls.set(label, (calls.get(label) ?? 0) + Number(r.requests))
      }
      b.sessionInstead = [...calls]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, 5)
        .map(([label, n]) => `${label} ×${n}`)
    }
  }
}
