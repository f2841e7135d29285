// Volume history per endpoint, for the epoch a window is in: the recent
// hours before it, and the minutes of the epoch's time of day (± the slot)
// on earlier days — not every minute of the week — each with its offset, so
// a window keeps those around its own time of day. Read once per epoch
// (baseline-cache.ts).
import type { Store } from '@tracehound/store'
import { clickHouseTimeToMs } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { EndpointHistory } from './detection-input.ts'

const n = (v: unknown): number => Number(v ?? 0)
const ts = (v: unknown): number => Math.floor(clickHouseTimeToMs(v) / 1000)

export async function readEndpointHistory(
  store: Store,
  epoch: number,
  config: DetectorConfig,
  epochLength: number,
): Promise<EndpointHistory[]> {
  // Centred on the middle of the epoch, wide enough to cover all of it plus the slot.
  const centre = epoch + Math.floor(epochLength / 2)
  const rows = await store.query(
    `SELECT service, method, route, min(m) AS firstSeen,
            groupArrayIf(r, m >= toDateTime({recent:UInt32})) AS perMinute,
            groupArrayIf(r, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonal,
            groupArrayIf(daysAgo, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS seasonalDaysAgo,
            groupArrayIf(dayOffset, m < toDateTime({recent:UInt32}) AND abs(dayOffset) <= {slot:UInt32}) AS offsets
     FROM (
       SELECT ServiceName AS service, Method AS method, Route AS route, Minute AS m, sum(Requests) AS r,
              {centre:Int64} - toInt64(toUnixTimestamp(Minute)) AS ago,
              43200 - modulo(ago + 43200, 86400) AS dayOffset, intDiv(ago + 43200, 86400) AS daysAgo
       FROM endpoint_minute WHERE Minute >= toDateTime({history:UInt32}) AND Minute < toDateTime({until:UInt32})
       GROUP BY service, method, route, m)
     GROUP BY service, method, route`,
    {
      centre,
      until: epoch,
      history: epoch - config.baselineSeconds,
      recent: epoch - config.recentSeconds,
      slot: Math.floor(epochLength / 2) + config.seasonalSlotSeconds,
    },
  )
  return rows.map((r) => ({
    service: String(r['service']),
    method: String(r['method']),
    route: String(r['route']),
    firstSeen: ts(r['firstSeen']),
    perMinute: (r['perMinute'] as unknown[]).map(n),
    seasonal: (r['seasonal'] as unknown[]).map(n),
    seasonalDaysAgo: (r['seasonalDaysAgo'] as unknown[]).map(n),
    // Time of day relative to the centre → to the epoch's start.
    seasonalOffsets: (r['offsets'] as unknown[]).map((o) => n(o) + Math.floor(epochLength / 2)),
    epochStart: epoch,
  }))
}
