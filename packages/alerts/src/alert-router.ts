// The alerts stage. enqueue(): group the findings by route, decide which
// groups are due a notification, and write the notifications to the durable
// outbox (ids derived from the decision, so a retry after a crash writes the
// same rows). dispatch(): deliver what is pending, with retries, backoff,
// Retry-After and per-receiver rate limits; the outbox row records the result.
import { createHash } from 'node:crypto'
import { listFindings, listIncidents, type Finding, type Incident } from '@tracehound/detector'
import type { Store } from '@tracehound/store'
import { toClickHouseTime, clickHouseTimeToMs } from '@tracehound/store'
import type { AlertsConfig, ReceiverConfig } from './alerts-config.ts'
import { deliver } from './http-delivery.ts'
import { decide, type GroupState } from './notification-policy.ts'
import { RateLimiter } from './rate-limiter.ts'
import { kindOf } from './receivers/receiver-kinds.ts'
import type { Receipt } from './receivers/receiver-kind.ts'
import { inhibited } from './inhibition.ts'
import { labelsOf, route, type RouteMatch } from './route-matcher.ts'
import { listSilences, silenced } from './silences.ts'
import { maskSecrets } from './mask-secrets.ts'

export type AlertLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

interface OutboxRow {
  Id: string
  FindingId: string
  Fingerprint: string
  Receiver: string
  Action: string
  Payload: string
  Status: string
  Attempts: number
  NextAttemptAt: string
  LastError: string
  CreatedAt: string
  Version: number
}

const sha = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)

export interface AlertRouterOptions {
  now?: () => number
  log?: AlertLog
  /** Retries before a delivery is marked dead. @default 12 */
  maxAttempts?: number
}

export class AlertRouter {
  readonly #store: Store
  readonly #config: AlertsConfig
  readonly #secrets: Map<string, Record<string, string>>
  readonly #receivers: Map<string, ReceiverConfig>
  readonly #now: () => number
  readonly #log: AlertLog
  readonly #maxAttempts: number
  readonly #limiter = new RateLimiter()
  /** How long a finding waits for its incident before it is routed on its own (grouping follows detection). */
  static readonly INCIDENT_WAIT_MS = 120_000
  /** When this router first saw each finding (group_wait counts from here, or from detection if earlier). */
  readonly #firstSighting = new Map<string, number>()

  constructor(
    store: Store,
    config: AlertsConfig,
    secrets: Map<string, Record<string, string>>,
    options: AlertRouterOptions = {},
  ) {
    this.#store = store
    this.#config = config
    this.#secrets = secrets
    this.#receivers = new Map(config.receivers.map((r) => [r.name, r]))
    this.#now = options.now ?? Date.now
    this.#log = options.log ?? (() => {})
    this.#maxAttempts = options.maxAttempts ?? 12
  }

  /** Groups findings by route and writes due notifications to the outbox. Returns rows enqueued. */
  async enqueue(): Promise<number> {
    const now = this.#now()
    const environment = this.#config.environment ?? ''
    const all = await listFindings(this.#store)
    const silences = await listSilences(this.#store, now)
    // Each finding's incident (the findings of one attack), so one attack makes one notification group.
    const incidentOf = new Map<string, Incident>()
    for (const incident of await listIncidents(this.#store))
      if (incident.status !== 'merged') for (const id of incident.findingIds) incidentOf.set(id, incident)
    const findings = all.filter(
      (f) =>
        !silenced(labelsOf(f, environment, incidentOf.get(f.id)?.id), silences) &&
        !inhibited(f, all, this.#config.inhibit_rules ?? [], environment),
    )
    const groups = new Map<string, { match: RouteMatch; members: Finding[] }>()
    for (const finding of findings) {
      const labels = labelsOf(finding, environment, incidentOf.get(finding.id)?.id)
      const sighted = this.#firstSighting.get(finding.fingerprint) ?? now
      for (const match of route(this.#config.route, labels)) {
        // Grouped by incident but not grouped yet: wait a little for it rather than page twice for one attack.
        if (
          match.groupBy.includes('incident') &&
          !incidentOf.has(finding.id) &&
          now - sighted < AlertRouter.INCIDENT_WAIT_MS
        ) {
          this.#firstSighting.set(finding.fingerprint, sighted)
          continue
        }
        const key = `${match.receiver}|${match.groupBy.map((l) => `${l}=${labels[l as keyof typeof labels] ?? ''}`).join(',')}`
        const group = groups.get(key) ?? { match, members: [] }
        group.members.push(finding)
        groups.set(key, group)
      }
    }
    const states = await this.#groupStates()
    const rows: OutboxRow[] = []
    for (const [groupKey, { match, members }] of groups) {
      const state = states.get(groupKey) ?? {}
      const firstSeen = Math.min(
        ...members.map((f) => {
          const sighted = this.#firstSighting.get(f.fingerprint) ?? now
          this.#firstSighting.set(f.fingerprint, sighted)
          return Math.min(sighted, Date.parse(f.detectedAt))
        }),
      )
      const decision = decide(
        members,
        state,
        {
          groupWaitMs: match.groupWaitMs,
          groupIntervalMs: match.groupIntervalMs,
          repeatIntervalMs: match.repeatIntervalMs,
        },
        now,
        firstSeen,
      )
      if (!decision.notify) continue
      const receiver = this.#receivers.get(match.receiver)!
      const decisionId = sha(groupKey, decision.hash, String(state.lastNotifiedAt ?? 0))
      const meta = { groupKey, hash: decision.hash, reason: decision.reason }
      const row = (id: string, findingId: string, action: string, body: unknown): OutboxRow => ({
        Id: id,
        FindingId: findingId,
        Fingerprint: groupKey,
        Receiver: receiver.name,
        Action: action,
        Payload: JSON.stringify({ body, meta }),
        Status: 'pending',
        Attempts: 0,
        NextAttemptAt: toClickHouseTime(now),
        LastError: '',
        CreatedAt: toClickHouseTime(now),
        Version: 1,
      })
      // The receiver's kind decides the notifications: one per group, or one per finding (PagerDuty's dedup_key).
      // A group that is one incident is notified as that incident (PagerDuty: one dedup_key per incident).
      const incident = match.groupBy.includes('incident') ? incidentOf.get(members[0]!.id) : undefined
      const notifications = kindOf(receiver).notifications(members, receiver, {
        reason: decision.reason,
        environment: this.#config.environment,
        ...(incident && members.every((f) => incidentOf.get(f.id)?.id === incident.id) ? { incident } : {}),
      })
      for (const n of notifications)
        rows.push(row(n.key ? sha(decisionId, n.key) : decisionId, n.findingId, n.action, n.body))
    }
    if (rows.length === 0) return 0
    // Rows already written by an attempt that crashed before finishing are not written again.
    const existing = new Set(
      (
        await this.#store.query<{ Id: string }>('SELECT Id FROM alert_outbox WHERE has({ids:Array(String)}, Id)', {
          ids: rows.map((r) => r.Id),
        })
      ).map((r) => r.Id),
    )
    const fresh = rows.filter((r) => !existing.has(r.Id))
    if (fresh.length)
      await this.#store.insert('alert_outbox', fresh, { dedupToken: `outbox/${sha(...fresh.map((r) => r.Id))}` })
    return fresh.length
  }

  /** The last notification of each group, from the outbox itself (so a restart knows it). */
  async #groupStates(): Promise<Map<string, GroupState>> {
    const rows = await this.#store.query<{ groupKey: string; last: string; payload: string }>(
      `SELECT Fingerprint AS groupKey, toString(max(CreatedAt)) AS last, argMax(Payload, CreatedAt) AS payload FROM alert_outbox FINAL GROUP BY Fingerprint`,
    )
    return new Map(
      rows.map((r) => [
        r.groupKey,
        {
          lastNotifiedAt: clickHouseTimeToMs(r.last),
          lastHash: (JSON.parse(r.payload) as { meta: { hash: string } }).meta.hash,
        },
      ]),
    )
  }

  /** Delivers due outbox rows. Returns how many were delivered, retried later, and given up. */
  async dispatch(): Promise<{ sent: number; retried: number; dead: number }> {
    const now = this.#now()
    const due = await this.#store.query<OutboxRow>(
      `SELECT * FROM alert_outbox FINAL WHERE Status = 'pending' AND NextAttemptAt <= toDateTime64({now:Float64} / 1000, 3) ORDER BY CreatedAt, Id LIMIT 200`,
      { now },
    )
    const result = { sent: 0, retried: 0, dead: 0 }
    for (const row of due) {
      const receiver = this.#receivers.get(row.Receiver)
      if (!receiver) {
        await this.#update(row, { Status: 'dead', LastError: `receiver ${row.Receiver} is no longer configured` })
        result.dead++
        continue
      }
      const kind = kindOf(receiver)
      const wait = this.#limiter.take(receiver.name, receiver.max_per_minute ?? kind.defaultPerMinute, now)
      if (wait > 0) {
        await this.#update(row, { NextAttemptAt: toClickHouseTime(now + wait) })
        result.retried++
        continue
      }
      const secrets = this.#secrets.get(receiver.name) ?? {}
      const payload = JSON.parse(row.Payload) as { body: Record<string, unknown>; receipt?: Receipt }
      const body = payload.body
      const previous = kind.receipt ? await this.#lastReceipt(row) : undefined
      const delivered = await deliver(kind.request(receiver, secrets, body, now, previous), kind.classify)
      // Errors may echo the URL or a key: masked before they are logged or stored.
      const outcome = delivered.ok
        ? delivered
        : { ...delivered, error: maskSecrets(delivered.error, Object.values(secrets)) }
      const attempts = Number(row.Attempts) + 1
      if (outcome.ok) {
        const receipt = kind.receipt?.(receiver, secrets, body, outcome.text ?? '')
        await this.#update(row, {
          Status: 'sent',
          Attempts: attempts,
          LastError: '',
          ...(receipt ? { Payload: JSON.stringify({ ...payload, receipt }) } : {}),
        })
        result.sent++
      } else if (outcome.retry && attempts < this.#maxAttempts) {
        const backoff = outcome.retryAfterMs ?? Math.min(300_000, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2)
        await this.#update(row, {
          Attempts: attempts,
          NextAttemptAt: toClickHouseTime(now + backoff),
          LastError: outcome.error,
        })
        this.#log('warn', 'alert delivery failed; will retry', {
          receiver: receiver.name,
          attempt: attempts,
          retry_in_ms: Math.round(backoff),
          error: outcome.error,
        })
        result.retried++
      } else {
        await this.#update(row, { Status: 'dead', Attempts: attempts, LastError: outcome.error })
        this.#log('error', 'alert delivery refused; not retrying', { receiver: receiver.name, error: outcome.error })
        result.dead++
      }
    }
    return result
  }

  /** The receipt of the group's newest delivered notification to this receiver (Slack: the message to edit). */
  async #lastReceipt(row: OutboxRow): Promise<Receipt | undefined> {
    const [last] = await this.#store.query<{ payload: string }>(
      `SELECT argMax(Payload, CreatedAt) AS payload FROM alert_outbox FINAL
       WHERE Receiver = {receiver:String} AND Fingerprint = {group:String} AND Status = 'sent' AND Id != {id:String}
       HAVING count() > 0`,
      { receiver: row.Receiver, group: row.Fingerprint, id: row.Id },
    )
    return last ? (JSON.parse(last.payload) as { receipt?: Receipt }).receipt : undefined
  }

  async #update(row: OutboxRow, change: Partial<OutboxRow>): Promise<void> {
    const next = {
      ...row,
      ...change,
      Version: Number(row.Version) + 1,
      Attempts: Number(change.Attempts ?? row.Attempts),
    }
    await this.#store.insert('alert_outbox', [next], { dedupToken: `outbox-update/${row.Id}/${next.Version}` })
  }
}
