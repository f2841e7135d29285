// The receiver kinds tracehound can deliver to, and the configuration schema
// of a receiver (one of them, by `type`). Adding a kind: its file in this
// folder, and one entry in each list below.
import { z } from 'zod'
import { pagerduty, pagerdutySchema, type PagerDutyReceiver } from './pagerduty.ts'
import type { ReceiverKind } from './receiver-kind.ts'
import { slack, slackSchema, type SlackReceiver } from './slack.ts'
import { webhook, webhookSchema, type WebhookReceiver } from './webhook.ts'

export type ReceiverConfig = SlackReceiver | PagerDutyReceiver | WebhookReceiver

export const receiverSchema = z.discriminatedUnion('type', [slackSchema, pagerdutySchema, webhookSchema])

const KINDS = { slack, pagerduty, webhook } as const

/** The kind behind a receiver's configuration. */
export function kindOf(config: ReceiverConfig): ReceiverKind<ReceiverConfig> {
  return KINDS[config.type] as unknown as ReceiverKind<ReceiverConfig>
}
