// A customer's webhook: the group's findings as JSON, signed when an HMAC
// secret is configured — `x-tracehound-signature: sha256=HMAC(secret,
// "<timestamp>.<body>")` with `x-tracehound-timestamp`, so the receiver can
// check origin and refuse replays.
import { createHmac } from 'node:crypto'
import { type Finding, type Incident, incidentToJson } from '@tracehound/detector'
import { z } from 'zod'
import type { ReceiverKind } from './receiver-kind.ts'

export const webhookSchema = z
  .object({
    name: z.string().min(1),
    type: z.literal('webhook'),
    url: z.url(),
    hmac_secret: z.string().min(1).optional(),
    hmac_secret_file: z.string().optional(),
    max_per_minute: z.number().int().positive().optional(),
  })
  .strict()

export type WebhookReceiver = z.infer<typeof webhookSchema>

export function webhookBody(
  findings: readonly Finding[],
  reason: string,
  receiver: string,
  incident?: Incident,
): Record<string, unknown> {
  return {
    receiver,
    reason,
    ...(incident ? { incident: incidentToJson(incident) } : {}),
    status: findings.some((f) => f.status === 'open') ? 'firing' : 'resolved',
    findings: findings.map((f) => ({
      id: f.id,
      fingerprint: f.fingerprint,
      kind: f.kind,
      severity: f.severity,
      score: f.score,
      entity: f.entity,
      window: f.window,
      summary: f.summary,
      evidence: f.evidence,
      status: f.status,
    })),
  }
}

export const webhook: ReceiverKind<WebhookReceiver> = {
  type: 'webhook',
  schema: webhookSchema,
  defaultPerMinute: 60,
  secrets(_config, pick) {
    const hmac = pick('hmac_secret')
    return hmac ? { hmac_secret: hmac } : {}
  },
  notifications: (findings, config, context) => [
    {
      findingId: findings[0]!.id,
      action: context.reason,
      body: webhookBody(findings, context.reason, config.name, context.incident),
    },
  ],
  request(config, secrets, body, now) {
    const text = JSON.stringify(body)
    const timestamp = String(Math.floor(now / 1000))
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-tracehound-timestamp': timestamp }
    if (secrets['hmac_secret'])
      headers['x-tracehound-signature'] =
        `sha256=${createHmac('sha256', secrets['hmac_secret']).update(`${timestamp}.${text}`).digest('hex')}`
    return { url: config.url, headers, body: text }
  },
}
