// Pages per attack with the default alerts configuration: the real alert
// router (one PagerDuty receiver; route defaults: group_by [incident],
// group_wait 30 s, group_interval 5 m) run as detection goes — the
// evaluation detects its period in steps, as live detection does, and after
// each step the router routes what is stored, its clock at the step's end
// (event time). A page is a PagerDuty trigger with a dedup_key not seen
// before: a finding that joins an open incident updates its page (same
// dedup_key) and is not counted again. Nothing is delivered: the outbox rows
// are what would be sent.
import { AlertRouter, parseAlertsConfig } from '@tracehound/alerts'
import type { Finding } from '@tracehound/detector'
import type { Store } from '@tracehound/store'
import type { AttackLabel } from './attacks.ts'
import { matches } from './evaluation.ts'

const DEFAULT_CONFIG = `alerts:
  route: { receiver: oncall }
  receivers:
    - { name: oncall, type: pagerduty, routing_key: simulated-routing-key }
`

export interface PageScore {
  /** Distinct pages (dedup keys triggered) in the period. */
  pages: number
  /** For each attack with at least one page: how many pages hold its findings. */
  pagesPerAttack: number[]
  /** Pages holding no attack's findings (false alerts that reached on-call). */
  falsePages: number
}

/** The alert router on a clock the caller moves (event time), as detection goes. */
export interface Pager {
  /** Routes what detection stored so far, as of `nowMs`. */
  step(nowMs: number): Promise<void>
  score(findings: readonly Finding[], labels: readonly AttackLabel[]): Promise<PageScore>
}

export function createPager(store: Store, startMs: number): Pager {
  const { config, secrets } = parseAlertsConfig(DEFAULT_CONFIG, 'the evaluation', {})
  let clock = startMs
  const router = new AlertRouter(store, config, secrets, { now: () => clock })
  return {
    async step(nowMs) {
      clock = nowMs
      await router.enqueue()
    },
    async score(findings, labels) {
      // After the end: group_wait and the incident wait of the last findings elapse.
      for (let i = 1; i <= 5; i++) await this.step(clock + 60_000)
      return scoreOutbox(store, findings, labels)
    },
  }
}

async function scoreOutbox(
  store: Store,
  findings: readonly Finding[],
  labels: readonly AttackLabel[],
): Promise<PageScore> {
  const rows = await store.query<{ findingId: string; payload: string }>(
    `SELECT FindingId AS findingId, Payload AS payload FROM alert_outbox FINAL WHERE Action = 'trigger'`,
  )
  const byId = new Map(findings.map((f) => [f.id, f]))
  const findingsOfPage = new Map<string, Set<string>>()
  for (const row of rows) {
    const key = (JSON.parse(row.payload) as { body: { dedup_key?: string } }).body.dedup_key ?? row.findingId
    const set = findingsOfPage.get(key) ?? new Set<string>()
    set.add(row.findingId)
    findingsOfPage.set(key, set)
  }
  // A page's findings: the incident's, when the page is an incident's.
  const incidents = await store.query<{ id: string; findingIds: string[] }>(
    'SELECT Id AS id, FindingIds AS findingIds FROM incidents FINAL',
  )
  for (const { id, findingIds } of incidents) {
    const page = findingsOfPage.get(id)
    if (page) for (const f of findingIds) page.add(f)
  }
  const attacksOf = (ids: ReadonlySet<string>): Set<string> => {
    const out = new Set<string>()
    for (const id of ids) {
      const f = byId.get(id)
      if (f) for (const l of labels) if (matches(l, f)) out.add(l.name)
    }
    return out
  }
  const pageAttacks = [...findingsOfPage.values()].map(attacksOf)
  const pagesPerAttack = labels
    .map((l) => pageAttacks.filter((attacks) => attacks.has(l.name)).length)
    .filter((n) => n > 0)
  return {
    pages: findingsOfPage.size,
    pagesPerAttack,
    falsePages: pageAttacks.filter((attacks) => attacks.size === 0).length,
  }
}
