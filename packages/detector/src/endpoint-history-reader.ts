// Volume history per endpoint, for the hour a window is in: the recent hours
// before it, and the minutes of this hour's time of day on earlier days — not
// every minute of the week. Read once per hour (baseline-cache.ts).
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { EndpointHistory } from './detection-input.ts'

const n = (v: unknown): number => Number(v ?? 0)
const ts = (v: unknown): number => Math.floor(Date.parse(`${String(v).replace(' ', 'T')}Z`) / 1000)

export async function readEndpointHistory(store: Store, hour: number, config: DetectorConfig): Promise<EndpointHistory[]> {
  // Centred on the middle of the hour, wide enough to cover all of it.
  const centre = hour + 1800
  const rows = await store.query(
    `SELECT service, method, route, min(m) AS firstSeen,
            groupArrayIf(r, m >= toDateTime({recent:UInt32})) AS perMinute,
            groupArrayIf(r, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonal,
            groupArrayIf(daysAgo, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonalDaysAgo
     FROM (
       SELECT ServiceName AS service, Method AS method, Route AS route, Minute AS m, sum(Requests) AS r,
              {centre:Int64} - toInt64(toUnixTimestamp(Minute)) AS ago,
              modulo(ago + 43200, 86400) - 43200 AS dayOffset, intDiv(ago + 43200, 86400) AS daysAgo
       FROM endpoint_minute WHERE Minute >= toDateTime({history:UInt32}) AND Minute < toDateTime({until:UInt32})
       GROUP BY service, method, route, m)
     GROUP BY service, method, route`,
    { centre, until: hour, history: hour - config.baselineSeconds, recent: hour - config.recentSeconds, slot: Math.max(config.seasonalSlotSeconds, 1800) },
  )
  return rows.map((r) => ({
    service: String(r['service']),
    method: String(r['method']),
    route: String(r['route']),
    firstSeen: ts(r['firstSeen']),
    perMinute: (r['perMinute'] as unknown[]).map(n),
    seasonal: (r['seasonal'] as unknown[]).map(n),
    seasonalDaysAgo: (r['seasonalDaysAgo'] as unknown[]).map(n),
  }))
}
