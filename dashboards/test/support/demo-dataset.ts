// A demo-sized dataset in the real schema: an ordinary hour of a small shop
// (detector test traffic), generated traces with log records, injected
// attacks, the findings the detector makes of them, and an alert delivery.
import type { ChdbStore } from '@tracehound/store'
import { migrate } from '@tracehound/store'
import { detectRange } from '@tracehound/detector'
import { Traffic } from '../../../packages/detector/test/support/traffic.ts'
import { generateTraces } from '../../../packages/store/test/support/generate-spans.ts'

export interface DemoDataset {
  from: number
  to: number
  /** A trace that has log records, and the correlation id on its spans. */
  traceId: string
  correlationId: string
}

export async function loadDemoDataset(store: ChdbStore): Promise<DemoDataset> {
  await migrate(store)
  // Minute-aligned and recent, so panels that look back from now() see it.
  const base = Math.floor(Date.now() / 60_000) * 60 - 90 * 60
  const attack = base + 62 * 60
  const traffic = new Traffic(5)
  traffic.normal(base, 62)
  for (let i = 0; i < 300; i++) {
    traffic.request({
      at: attack + i * 0.19,
      service: 'orders',
      caller: 'gateway',
      method: 'GET',
      route: '/orders/:id',
      path: `/orders/${5000 + i}`,
      status: i % 4 === 0 ? 200 : 403,
      user: 'user-3',
      client: '10.0.3.3',
    })
  }
  for (let i = 0; i < 60; i++)
    traffic.request({
      at: attack + i * 0.9,
      service: 'auth',
      caller: 'gateway',
      method: 'POST',
      route: '/login',
      path: '/login',
      status: 401,
      user: `victim-${i % 30}`,
      client: '203.0.113.9',
    })
  traffic.request({
    at: attack + 5,
    service: 'payments',
    caller: 'orders',
    method: 'GET',
    route: '/internal/export',
    path: '/internal/export',
    status: 200,
    user: '',
    client: '10.1.0.7',
  })
  for (let i = 0; i < 30; i++)
    traffic.request({
      at: attack + i,
      service: 'legacy',
      method: 'GET',
      route: '/ping',
      path: '/ping',
      status: 200,
      user: '',
      client: '10.2.0.1',
      correlation: false,
    })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `dash-traffic-${i}` })

  const generated = generateTraces({
    traces: 300,
    startNanos: BigInt(base + 30 * 60) * 1_000_000_000n,
    spanNanos: 20n * 60n * 1_000_000_000n,
    seed: 9,
  })
  await store.insert('otel_traces', generated.spans, { dedupToken: 'dash-generated-spans' })
  await store.insert('otel_logs', generated.logs, { dedupToken: 'dash-generated-logs' })

  await detectRange(store, { from: attack, to: attack + 120 })
  const [finding] = await store.query<{ Id: string; Fingerprint: string }>(
    'SELECT Id, Fingerprint FROM findings FINAL LIMIT 1',
  )
  if (!finding) throw new Error('the demo dataset produced no findings; the dashboards test needs some')
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '')
  await store.insert('alert_outbox', [
    {
      Id: 'demo-1',
      FindingId: finding.Id,
      Fingerprint: finding.Fingerprint,
      Receiver: 'slack-security',
      Action: 'trigger',
      Payload: '{}',
      Status: 'sent',
      Attempts: 1,
      NextAttemptAt: now,
      LastError: '',
      CreatedAt: now,
      Version: 1,
    },
    {
      Id: 'demo-2',
      FindingId: finding.Id,
      Fingerprint: finding.Fingerprint,
      Receiver: 'pagerduty',
      Action: 'trigger',
      Payload: '{}',
      Status: 'failed',
      Attempts: 3,
      NextAttemptAt: now,
      LastError: '503 from receiver',
      CreatedAt: now,
      Version: 1,
    },
  ])

  const [withLogs] = await store.query<{ TraceId: string }>(
    "SELECT TraceId FROM otel_logs WHERE TraceId != '' ORDER BY TraceId LIMIT 1",
  )
  if (!withLogs) throw new Error('the demo dataset has no log records with a trace id')
  const [correlation] = await store.query<{ id: string }>(
    "SELECT SpanAttributes['correlation.id'] AS id FROM otel_traces WHERE TraceId = {t:String} AND id != '' LIMIT 1",
    { t: withLogs.TraceId },
  )
  // The range ends now, as a dashboard opened on it would: outbox rows and arrival times are recent.
  return {
    from: base,
    to: Math.ceil(Date.now() / 1000) + 60,
    traceId: withLogs.TraceId,
    correlationId: correlation?.id ?? '',
  }
}
