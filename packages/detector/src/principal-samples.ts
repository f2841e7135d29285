// Sample trace ids (and object ids) of a principal's calls, read only for the
// findings that need them. The per-principal counts of a window are read
// without samples — at 100,000 principals the samples were half of the
// window's read (0.55 s of 1.1 s measured) for the few that ever become a
// finding — and the findings judged on a principal (endpoint abuse,
// enumeration) get theirs here, from the same rollup over the recent horizon.
import type { Store } from '@tracehound/store'
import type { Window } from './detection-input.ts'
import type { FindingDraft, FindingKind } from './finding.ts'
import { PRINCIPAL_SQL } from './horizon-reader.ts'

const PRINCIPAL_KINDS: ReadonlySet<FindingKind> = new Set(['endpoint_abuse', 'enumeration'])

/** The same label findings use for an endpoint (`endpointLabel`), in SQL. */
const ENDPOINT_SQL = "if(Method != '', concat(Method, ' ', Route), Route)"

export async function withPrincipalSamples(
  store: Store,
  window: Window,
  drafts: FindingDraft[],
  recentSeconds: number,
): Promise<FindingDraft[]> {
  const wanted = drafts.filter(
    (d) =>
      PRINCIPAL_KINDS.has(d.kind) &&
      d.evidence.sampleTraceIds.length === 0 &&
      d.entity.service !== undefined &&
      d.entity.endpoint !== undefined &&
      d.entity.user !== undefined,
  )
  if (wanted.length === 0) return drafts
  // Each part filtered on its own (a superset of the wanted keys), matched exactly below.
  const rows = await store.query<{
    service: string
    endpoint: string
    principal: string
    traces: string[]
    objects: string[]
  }>(
    // The union of every row's samples, sorted, first five: the same ids whatever order the engine merges
    // parts in (groupUniqArrayMerge(5) keeps whichever five it meets first), so re-detecting a range gives
    // the same evidence and the same incidents.
    `SELECT ServiceName AS service, ${ENDPOINT_SQL} AS endpoint, ${PRINCIPAL_SQL} AS principal,
            arraySlice(arraySort(groupUniqArrayArray(finalizeAggregation(SampleTraceIds))), 1, 5) AS traces,
            arraySlice(arraySort(groupUniqArrayArray(finalizeAggregation(SampleObjectIds))), 1, 5) AS objects
     FROM user_endpoint_minute
     WHERE Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})
       AND has({services:Array(String)}, ServiceName) AND has({principals:Array(String)}, ${PRINCIPAL_SQL})
       AND has({endpoints:Array(String)}, ${ENDPOINT_SQL})
     GROUP BY service, endpoint, principal`,
    {
      services: [...new Set(wanted.map((d) => d.entity.service!))],
      endpoints: [...new Set(wanted.map((d) => d.entity.endpoint!))],
      principals: [...new Set(wanted.map((d) => d.entity.user!))],
      from: window.end - recentSeconds,
      to: window.end,
    },
  )
  const key = (service: string, endpoint: string, principal: string): string =>
    JSON.stringify([service, endpoint, principal])
  const byKey = new Map(rows.map((r) => [key(r.service, r.endpoint, r.principal), r]))
  return drafts.map((d) => {
    if (!wanted.includes(d)) return d
    const found = byKey.get(key(d.entity.service!, d.entity.endpoint!, d.entity.user!))
    if (!found) return d
    const observed =
      d.kind === 'enumeration'
        ? { ...d.evidence.observed, sampleObjectIds: found.objects.join(',') }
        : d.evidence.observed
    return { ...d, evidence: { ...d.evidence, observed, sampleTraceIds: found.traces } }
  })
}
