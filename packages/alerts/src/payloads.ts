// Message bodies per receiver type, from documented formats:
// Slack Block Kit (incoming webhook or chat.postMessage), PagerDuty Events
// API v2 (trigger/resolve, dedup_key = finding fingerprint), plain webhook JSON.
import type { Finding } from '@tracehound/detector'
import { plainText, slackText } from './escape.ts'

const PD_SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
}

function traceLink(grafanaUrl: string | undefined, traceId: string): string | undefined {
  return grafanaUrl ? `${grafanaUrl.replace(/\/$/, '')}/explore?traceId=${encodeURIComponent(traceId)}` : undefined
}

export function slackMessage(
  findings: readonly Finding[],
  reason: string,
  options: { channel?: string | undefined; grafanaUrl?: string | undefined } = {},
): Record<string, unknown> {
  const open = findings.filter((f) => f.status === 'open')
  const title =
    open.length === 0
      ? `Resolved: ${findings.length} finding${findings.length > 1 ? 's' : ''}`
      : `${open.length} open finding${open.length > 1 ? 's' : ''} (${reason})`
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(`tracehound — ${title}`, 150) } },
  ]
  for (const f of findings.slice(0, 10)) {
    const observed = Object.entries(f.evidence.observed)
      .slice(0, 4)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')
    const baseline = Object.entries(f.evidence.baseline)
      .slice(0, 3)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')
    const traces = f.evidence.sampleTraceIds.slice(0, 3).map((id) => {
      const link = traceLink(options.grafanaUrl, id)
      return link ? `<${link}|${slackText(id, 40)}>` : `\`${slackText(id, 40)}\``
    })
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${f.status === 'resolved' ? 'RESOLVED' : f.severity.toUpperCase()}* \`${f.kind}\` — ${slackText(f.summary, 600)}\nobserved ${slackText(observed, 300)}${baseline ? ` · baseline ${slackText(baseline, 200)}` : ''}${traces.length ? `\ntraces ${traces.join(' ')}` : ''}`,
      },
    })
  }
  if (findings.length > 10)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${findings.length - 10} more` }] })
  return {
    ...(options.channel ? { channel: options.channel } : {}),
    text: plainText(`tracehound: ${title}`, 300),
    blocks,
  }
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

export function webhookBody(findings: readonly Finding[], reason: string, receiver: string): Record<string, unknown> {
  return {
    receiver,
    reason,
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
