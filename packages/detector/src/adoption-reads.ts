// What a new endpoint's first minutes say about it, read when its wait for
// adoption ends (hygiene.ts): the named users who called it during the wait,
// and who called it in its first window — so the judgement made then can be
// told apart from the one made now. Read only for endpoints the inventory
// calls new, which most windows have none of.
import type { Store } from '@tracehound/store'
import { adoptionWait, type DetectorConfig } from './detector-config.ts'
import type { AdoptionPeriod, Window } from './detection-input.ts'
import { PRINCIPAL_SQL } from './horizon-reader.ts'

const n = (v: unknown): number => Number(v ?? 0)

/** At most this many users are listed per endpoint: more than any adoption rule asks for. */
const LISTED_USERS = 50

export async function readAdoptionPeriods(
  store: Store,
  window: Window,
  due: readonly { key: string; firstSeen: number }[],
  config: DetectorConfig,
): Promise<AdoptionPeriod[]> {
  if (due.length === 0) return []
  const from = window.start - adoptionWait(config)
  const firstWindowEnd = from + config.windowSeconds
  const rows = await store.query(
    `SELECT ServiceName AS service, Method AS method, Route AS route,
            groupUniqArrayIf(${LISTED_USERS})(UserId, UserId != '') AS users,
            uniqExactIf(${PRINCIPAL_SQL}, ${PRINCIPAL_SQL} != '' AND Minute < toDateTime({firstEnd:UInt32})) AS firstPrincipals,
            uniqExactIf(ClientAddress, UserId = '' AND ClientAddress != '' AND Minute < toDateTime({firstEnd:UInt32})) AS firstAddresses,
            groupUniqArrayMerge(5)(SampleTraceIds) AS samples
     FROM user_endpoint_minute
     WHERE concat(ServiceName, char(0), Method, char(0), Route) IN {keys:Array(String)}
       AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})
     GROUP BY service, method, route`,
    { keys: due.map((d) => d.key), from, firstEnd: firstWindowEnd, to: window.end },
  )
  const firstSeen = new Map(due.map((d) => [d.key, d.firstSeen]))
  return rows.map((r) => {
    const e = { service: String(r['service']), method: String(r['method']), route: String(r['route']) }
    return {
      ...e,
      firstSeen: firstSeen.get(`${e.service}\u0000${e.method}\u0000${e.route}`) ?? from,
      users: (r['users'] as string[]) ?? [],
      firstWindowPrincipals: n(r['firstPrincipals']),
      firstWindowAddresses: n(r['firstAddresses']),
      sampleTraceIds: (r['samples'] as string[]) ?? [],
    }
  })
}
