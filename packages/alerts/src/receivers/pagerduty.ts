// PagerDuty Events API v2: one event per finding, trigger or resolve, with
// dedup_key = the finding's fingerprint, so PagerDuty keeps one incident per
// finding and resolves it when the finding resolves. The routing key is added
// at send time and never stored.
import type { Finding, Incident } from '@tracehound/detector'
import { z } from 'zod'
import { plainText } from '../escape.ts'
import type { Notification, ReceiverKind } from './receiver-kind.ts'
import { traceLink } from './receiver-kind.ts'

export const pagerdutySchema = z
  .object({
    name: z.string().min(1),
    type: z.literal('pagerduty'),
    routing_key: z.string().min(1).optional(),
    routing_key_file: z.string().optional(),
    url: z.url().optional(),
    grafana_url: z.url().optional(),
    max_per_minute: z.number().int().positive().optional(),
  })
  .strict()

export type PagerDutyReceiver = z.infer<typeof pagerdutySchema>

const PD_SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
}

export function pagerdutyEvent(
  finding: Finding,
  routingKey: string,
  options: { grafanaUrl?: string | undefined; environment?: string | undefined } = {},
): Record<string, unknown> {
  if (finding.status === 'resolved')
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: finding.fingerprint }
  const links = finding.evidence.sampleTraceIds.slice(0, 3).flatMap((id) => {
    const href = traceLink(options.grafanaUrl, id)
    return href ? [{ href, text: `trace ${id}` }] : []
  })
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: finding.fingerprint,
    payload: {
      summary: plainText(`${finding.kind}: ${finding.summary}`, 1024),
      source: plainText(finding.entity.service ?? 'tracehound', 255),
      severity: PD_SEVERITY[finding.severity] ?? 'warning',
      timestamp: finding.detectedAt,
      component: plainText(finding.entity.endpoint ?? finding.entity.service ?? '', 255),
      group: plainText(finding.entity.service ?? '', 255),
      class: finding.kind,
      custom_details: {
        entity: finding.entity,
        window: finding.window,
        evidence: finding.evidence,
        environment: options.environment ?? '',
      },
    },
    ...(links.length ? { links } : {}),
  }
}

/** One event per incident: dedup_key = the incident id, so findings joining it update the page instead of paging again. */
function incidentNotification(
  incident: Incident,
  findings: readonly Finding[],
  config: PagerDutyReceiver,
  environment: string | undefined,
): Notification {
  const resolved = findings.every((f) => f.status === 'resolved')
  const worst = findings.find((f) => f.severity === incident.severity) ?? findings[0]!
  const links = incident.sampleTraceIds.slice(0, 3).flatMap((id) => {
    const href = traceLink(config.grafana_url, id)
    return href ? [{ href, text: `trace ${id}` }] : []
  })
  const body = resolved
    ? { routing_key: '', event_action: 'resolve', dedup_key: incident.id }
    : {
        routing_key: '',
        event_action: 'trigger',
        dedup_key: incident.id,
        payload: {
          summary: plainText(`incident: ${incident.title}`, 1024),
          source: plainText(incident.services[0] ?? 'tracehound', 255),
          severity: PD_SEVERITY[incident.severity] ?? 'warning',
          timestamp: worst.detectedAt,
          component: plainText(incident.hopPath.join(' → '), 255),
          group: plainText(incident.services.join(', '), 255),
          class: incident.kinds.join(','),
          custom_details: {
            incident: {
              id: incident.id,
              title: incident.title,
              reasons: incident.reasons,
              entities: {
                services: incident.services,
                endpoints: incident.endpoints,
                users: incident.users,
                addresses: incident.addresses,
              },
            },
            findings: findings.map((f) => ({
              id: f.id,
              kind: f.kind,
              severity: f.severity,
              summary: f.summary,
              status: f.status,
            })),
            environment: environment ?? '',
          },
        },
        ...(links.length ? { links } : {}),
      }
  return { findingId: findings[0]!.id, action: resolved ? 'resolve' : 'trigger', body, key: incident.id }
}

export const pagerduty: ReceiverKind<PagerDutyReceiver> = {
  type: 'pagerduty',
  schema: pagerdutySchema,
  defaultPerMinute: 120,
  secrets(_config, pick, where) {
    const key = pick('routing_key')
    if (!key)
      throw new Error(
        `${where}: a pagerduty receiver needs routing_key (or routing_key_file), e.g. routing_key: \${PAGERDUTY_ROUTING_KEY}`,
      )
    return { routing_key: key }
  },
  notifications: (findings, config, context) =>
    context.incident
      ? [incidentNotification(context.incident, findings, config, context.environment)]
      : findings.map((f) => ({
          findingId: f.id,
          action: f.status === 'resolved' ? 'resolve' : 'trigger',
          body: pagerdutyEvent(f, '', { grafanaUrl: config.grafana_url, environment: context.environment }),
          key: f.fingerprint,
        })),
  request: (config, secrets, body) => ({
    url: config.url ?? 'https://events.pagerduty.com/v2/enqueue',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, routing_key: secrets['routing_key'] }),
  }),
}
