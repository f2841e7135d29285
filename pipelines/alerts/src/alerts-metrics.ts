// The alerts stage's /metrics, in Prometheus text: what was routed into the
// outbox, delivered, retried and given up on, and failed cycles.

export class AlertsCounters {
  cycles = 0
  enqueued = 0
  sent = 0
  retried = 0
  dead = 0
  failedCycles = 0

  add(enqueued: number, delivered: { sent: number; retried: number; dead: number }): void {
    this.cycles++
    this.enqueued += enqueued
    this.sent += delivered.sent
    this.retried += delivered.retried
    this.dead += delivered.dead
  }
}

const counter = (name: string, help: string, value: number): string[] => [
  `# HELP ${name} ${help}`,
  `# TYPE ${name} counter`,
  `${name} ${value}`,
]

export function renderAlertsMetrics(c: AlertsCounters): string {
  return [
    ...counter('tracehound_alerts_enqueued_total', 'Notifications routed into the outbox.', c.enqueued),
    ...counter('tracehound_alerts_sent_total', 'Notifications a receiver accepted.', c.sent),
    ...counter(
      'tracehound_alerts_retried_total',
      'Delivery attempts postponed (receiver error or rate limit); retried with back-off.',
      c.retried,
    ),
    ...counter(
      'tracehound_alerts_dead_total',
      'Notifications given up on after the last attempt (kept in the outbox as dead).',
      c.dead,
    ),
    ...counter('tracehound_alerts_cycles_total', 'Completed routing and delivery cycles.', c.cycles),
    ...counter(
      'tracehound_alerts_failed_cycles_total',
      'Cycles that failed (retried at the next one).',
      c.failedCycles,
    ),
    '',
  ].join('\n')
}
