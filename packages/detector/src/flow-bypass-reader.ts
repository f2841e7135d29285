// For one window: which users called a learned flow's step without having
// called any of its predecessors in their session (the window plus the
// session time before it). Reads the per-user rollup only.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import { endpointKey, type FlowBypass, type Window } from './detection-input.ts'
import type { LearnedFlow } from './flow-baseline.ts'

export async function readFlowBypasses(store: Store, window: Window, flows: readonly LearnedFlow[], config: DetectorConfig): Promise<FlowBypass[]> {
  if (flows.length === 0) return []
  const keys = [...new Set(flows.flatMap((f) => [endpointKey(f.step), ...f.predecessors.map(endpointKey)]))]
  const rows = await store.query<{ key: string; user: string; inWindow: number; requests: string; samples: string[] }>(
    `SELECT concat(ServiceName, char(0), Method, char(0), Route) AS key, UserId AS user, Minute >= toDateTime({start:UInt32}) AS inWindow,
            sum(Requests) AS requests, groupUniqArrayMerge(5)(SampleTraceIds) AS samples
     FROM user_endpoint_minute
     WHERE UserId != '' AND Minute >= toDateTime({session:UInt32}) AND Minute < toDateTime({end:UInt32}) AND key IN {keys:Array(String)}
     GROUP BY key, user, inWindow`,
    { start: window.start, end: window.end, session: window.start - config.flowSessionSeconds, keys },
  )
  const called = new Set(rows.map((r) => `${r.key}\u0001${r.user}`))
  const out: FlowBypass[] = []
  for (const flow of flows) {
    const step = endpointKey(flow.step)
    const predecessors = flow.predecessors.map(endpointKey)
    for (const r of rows) {
      if (r.key !== step || Number(r.inWindow) !== 1 || predecessors.some((p) => called.has(`${p}\u0001${r.user}`))) continue
      out.push({ step: flow.step, predecessors: flow.predecessors, learned: { occurrences: flow.occurrences, users: flow.users, precededRatio: flow.precededRatio }, userId: r.user, requests: Number(r.requests), sampleTraceIds: r.samples ?? [] })
    }
  }
  return out
}
