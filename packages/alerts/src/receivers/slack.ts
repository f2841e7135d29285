// Slack: Block Kit messages through an incoming webhook, or chat.postMessage
// with a bot token and channel. One message per group of findings; text is
// escaped so a finding cannot mention @channel, break out of formatting or
// forge links. With a bot token, an incident is one message: later
// notifications of it (a finding joined, it resolved) edit that message with
// chat.update; through a webhook (which cannot edit) they are follow-up
// messages that name the incident.
import type { Finding, Incident } from '@tracehound/detector'
import { z } from 'zod'
import { plainText, slackText } from '../escape.ts'
import type { ReceiverKind } from './receiver-kind.ts'
import { traceLink } from './receiver-kind.ts'

export const slackSchema = z
  .object({
    name: z.string().min(1),
    type: z.literal('slack'),
    webhook_url: z.string().min(1).optional(),
    webhook_url_file: z.string().optional(),
    token: z.string().min(1).optional(),
    token_file: z.string().optional(),
    channel: z.string().optional(),
    api_url: z.url().optional(),
    grafana_url: z.url().optional(),
    max_per_minute: z.number().int().positive().optional(),
  })
  .strict()

export type SlackReceiver = z.infer<typeof slackSchema>

export function slackMessage(
  findings: readonly Finding[],
  reason: string,
  options: { channel?: string | undefined; grafanaUrl?: string | undefined; incident?: Incident | undefined } = {},
): Record<string, unknown> {
  const open = findings.filter((f) => f.status === 'open')
  const counted =
    open.length === 0
      ? `Resolved: ${findings.length} finding${findings.length > 1 ? 's' : ''}`
      : `${open.length} open finding${open.length > 1 ? 's' : ''} (${reason})`
  // One message per incident, named by its title; an update (a finding joined) names it again.
  const title = options.incident
    ? `${open.length === 0 ? 'Resolved incident' : reason === 'new' ? 'Incident' : `Incident update (${reason})`}: ${options.incident.title} — ${findings.length} finding${findings.length > 1 ? 's' : ''}`
    : counted
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
    // Slack message metadata: which incident the message is (what chat.update matches on).
    ...(options.incident
      ? { metadata: { event_type: 'tracehound_incident', event_payload: { incident_id: options.incident.id } } }
      : {}),
  }
}

const incidentOf = (body: Record<string, unknown>): string | undefined =>
  (body['metadata'] as { event_payload?: { incident_id?: string } } | undefined)?.event_payload?.incident_id

/** chat.update beside the configured chat.postMessage URL. */
const updateUrl = (postUrl: string): string =>
  postUrl.endsWith('chat.postMessage') ? `${postUrl.slice(0, -'chat.postMessage'.length)}chat.update` : postUrl

export const slack: ReceiverKind<SlackReceiver> = {
  type: 'slack',
  schema: slackSchema,
  defaultPerMinute: 60,
  secrets(config, pick, where) {
    const webhook = pick('webhook_url')
    const token = pick('token')
    if (!webhook && !token)
      throw new Error(
        `${where}: a slack receiver needs webhook_url (or webhook_url_file), or token (or token_file) with channel`,
      )
    if (token && !config.channel) throw new Error(`${where}: a slack bot token needs channel`)
    return { ...(webhook ? { webhook_url: webhook } : {}), ...(token ? { token } : {}) }
  },
  notifications: (findings, config, context) => [
    {
      findingId: findings[0]!.id,
      action: context.reason,
      body: slackMessage(findings, context.reason, {
        channel: config.channel,
        grafanaUrl: config.grafana_url,
        incident: context.incident,
      }),
    },
  ],
  request(config, secrets, body, _now, previous) {
    const json = { 'content-type': 'application/json' }
    if (secrets['webhook_url']) return { url: secrets['webhook_url'], headers: json, body: JSON.stringify(body) }
    const post = config.api_url ?? 'https://slack.com/api/chat.postMessage'
    const headers = { ...json, authorization: `Bearer ${secrets['token']}` }
    const incident = incidentOf(body)
    // The incident's message exists: edit it in place (same channel and ts).
    if (incident && previous?.['incident'] === incident && previous['channel'] && previous['ts'])
      return {
        url: updateUrl(post),
        headers,
        body: JSON.stringify({ ...body, channel: previous['channel'], ts: previous['ts'] }),
      }
    return { url: post, headers, body: JSON.stringify(body) }
  },
  receipt(_config, secrets, body, answer) {
    if (secrets['webhook_url']) return undefined // an incoming webhook's message cannot be edited
    const incident = incidentOf(body)
    if (!incident) return undefined
    try {
      const parsed = JSON.parse(answer) as { ok?: boolean; channel?: unknown; ts?: unknown }
      if (parsed.ok !== true || typeof parsed.channel !== 'string' || typeof parsed.ts !== 'string') return undefined
      return { incident, channel: parsed.channel, ts: parsed.ts }
    } catch {
      return undefined
    }
  },
  // Slack's Web API answers 200 with {"ok":false,"error":…} on failure.
  classify: (status, text) =>
    /^\s*\{\s*"ok"\s*:\s*false/.test(text)
      ? { ok: false, retry: /ratelimited/.test(text), error: `${status} ${text}` }
      : undefined,
}
