// Silences: Alertmanager-style matchers that mute matching findings until
// they expire. Stored in `alert_silences` (ReplacingMergeTree by version), so
// every alerts process sees the same ones.
import { randomUUID } from 'node:crypto'
import type { Store } from '@tracehound/store'
import { toClickHouseTime, clickHouseTimeToIso } from '@tracehound/store'
import type { Labels } from './route-matcher.ts'
import { matches } from './route-matcher.ts'

export interface Silence {
  id: string
  matchers: string[]
  startsAt: string
  endsAt: string
  createdBy: string
  comment: string
}

const MATCHER = /^\s*(kind|severity|service|environment|fingerprint)\s*(=|!=|=~|!~)\s*.+$/

export function validateMatchers(matchers: readonly string[]): void {
  if (matchers.length === 0) throw new Error('a silence needs at least one matcher, e.g. --matcher kind=new_edge')
  for (const m of matchers) {
    if (!MATCHER.test(m))
      throw new Error(
        `matcher ${JSON.stringify(m)}: expected label=value, label!=value, label=~regex or label!~regex with label kind, severity, service, environment or fingerprint`,
      )
  }
}

export async function addSilence(
  store: Store,
  input: { matchers: string[]; durationMs: number; createdBy: string; comment: string },
  now = Date.now(),
): Promise<Silence> {
  validateMatchers(input.matchers)
  const silence: Silence = {
    id: randomUUID(),
    matchers: input.matchers,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + input.durationMs).toISOString(),
    createdBy: input.createdBy,
    comment: input.comment,
  }
  await store.insert('alert_silences', [
    {
      Id: silence.id,
      Matchers: silence.matchers,
      StartsAt: toClickHouseTime(now),
      EndsAt: toClickHouseTime(now + input.durationMs),
      CreatedBy: silence.createdBy,
      Comment: silence.comment,
      Version: now,
    },
  ])
  return silence
}

export async function listSilences(store: Store, activeAt?: number): Promise<Silence[]> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT * FROM alert_silences FINAL WHERE {all:UInt8} = 1 OR (StartsAt <= toDateTime64({at:Float64} / 1000, 3) AND EndsAt > toDateTime64({at:Float64} / 1000, 3)) ORDER BY StartsAt`,
    { all: activeAt === undefined ? 1 : 0, at: activeAt ?? 0 },
  )
  return rows.map((r) => ({
    id: String(r['Id']),
    matchers: r['Matchers'] as string[],
    startsAt: clickHouseTimeToIso(r['StartsAt']),
    endsAt: clickHouseTimeToIso(r['EndsAt']),
    createdBy: String(r['CreatedBy']),
    comment: String(r['Comment']),
  }))
}

export async function expireSilence(store: Store, id: string, now = Date.now()): Promise<boolean> {
  const [current] = (await listSilences(store)).filter((s) => s.id === id)
  if (!current) return false
  await store.insert('alert_silences', [
    {
      Id: id,
      Matchers: current.matchers,
      StartsAt: toClickHouseTime(Date.parse(current.startsAt)),
      EndsAt: toClickHouseTime(now),
      CreatedBy: current.createdBy,
      Comment: current.comment,
      Version: now,
    },
  ])
  return true
}

export function silenced(labels: Labels, silences: readonly Silence[]): boolean {
  return silences.some((s) => s.matchers.every((m) => matches(m, labels)))
}
