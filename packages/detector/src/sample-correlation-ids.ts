// Findings carry sample trace ids from the rollups; a person investigating
// also wants the correlation ids (what logs and support tickets carry). They
// are looked up for the few sample traces of the window's findings only.
import type { Store } from '@tracehound/store'
import type { Window } from './detection-input.ts'
import type { FindingDraft } from './finding.ts'

/** Spans of a sample trace may start a little before the window (a long request). */
const LOOKBACK_SECONDS = 300

export async function withSampleCorrelationIds(
  store: Store,
  window: Window,
  drafts: FindingDraft[],
): Promise<FindingDraft[]> {
  const traceIds = [...new Set(drafts.flatMap((d) => d.evidence.sampleTraceIds))]
  if (traceIds.length === 0) return drafts
  const rows = await store.query<{ traceId: string; correlationId: string }>(
    `SELECT TraceId AS traceId, any(SpanAttributes['correlation.id']) AS correlationId
     FROM otel_traces
     WHERE TraceId IN {ids:Array(String)} AND Timestamp >= toDateTime({from:UInt32}) AND Timestamp < toDateTime({to:UInt32})
       AND SpanAttributes['correlation.id'] != ''
     GROUP BY TraceId`,
    { ids: traceIds, from: window.start - LOOKBACK_SECONDS, to: window.end },
  )
  const byTrace = new Map(rows.map((r) => [r.traceId, r.correlationId]))
  return drafts.map((d) => {
    const ids = [
      ...new Set(d.evidence.sampleTraceIds.map((t) => byTrace.get(t)).filter((c): c is string => c !== undefined)),
    ]
    return ids.length === 0 ? d : { ...d, evidence: { ...d.evidence, sampleCorrelationIds: ids } }
  })
}
