// For each window: which users called a learned flow's step without having
// called any of its predecessors in their session (the window plus the
// session time before it). Reads the per-user rollup only, once for a chunk
// of windows of one clock hour (the flows in force are the hour's).
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type FlowBypass, type Window } from './detection-input.ts'
import type { LearnedFlow } from './flow-baseline.ts'

export async function readFlowBypasses(store: Store, windows: readonly Window[], flows: readonly LearnedFlow[], config: DetectorConfig): Promise<Map<number, FlowBypass[]>> {
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
  ).map((r) => ({ key: r.key, user: r.user, minute: Number(r.minute), requests: Number(r.requests), samples: r.samples ?? [] }))
  for (const window of windows) {
    const session = rows.filter((r) => r.minute >= window.start - config.flowSessionSeconds && r.minute < window.end)
    const called = new Set(session.map((r) => `${r.key}\u0001${r.user}`))
    const found = out.get(window.end)!
    for (const flow of flows) {
      const step = endpointKey(flow.step)
      const predecessors = flow.predecessors.map(endpointKey)
      const byUser = new Map<string, { requests: number; samples: string[] }>()
      for (const r of session) {
        if (r.key !== step || r.minute < window.start || predecessors.some((p) => called.has(`${p}\u0001${r.user}`))) continue
        const entry = byUser.get(r.user) ?? { requests: 0, samples: [] }
        entry.requests += r.requests
        entry.samples.push(...r.samples)
        byUser.set(r.user, entry)
      }
      for (const [userId, e] of byUser) {
        found.push({ step: flow.step, predecessors: flow.predecessors, learned: { occurrences: flow.occurrences, users: flow.users, precededRatio: flow.precededRatio }, userId, requests: e.requests, sampleTraceIds: [...new Set(e.samples)].slice(0, 5) })
      }
    }
  }
  return out
}
