// What a kind of alert receiver is (Alertmanager's Notifier, one file per
// integration): its configuration schema, the secrets it needs, the
// notifications it makes of a group of findings, the HTTP request for one,
// and what a 2xx answer may still mean. Adding Opsgenie or Microsoft Teams is
// one new file here plus its entry in receiver-kinds.ts.
import type { Finding, Incident } from '@tracehound/detector'
import type { z } from 'zod'
import type { DeliveryRequest, DeliveryResult } from '../http-delivery.ts'

/** What a receiver kind remembers of a delivered notification, stored with it in the outbox. */
export type Receipt = Record<string, string>

/** Every receiver's configuration has these. */
export interface ReceiverBase {
  name: string
  type: string
  /** Deliveries per minute to this receiver. @default the kind's `defaultPerMinute` */
  max_per_minute?: number | undefined
}

/** A notification to write to the outbox: its body is stored without secrets. */
export interface Notification {
  /** The finding the row is about (the first of a group). */
  findingId: string
  /** trigger / resolve, or the grouping decision's reason. */
  action: string
  body: Record<string, unknown>
  /** Distinguishes several notifications of one decision (one per finding). */
  key?: string
}

export interface NotifyContext {
  /** Why the group is notified now (new, changed, repeat, resolved, test). */
  reason: string
  environment?: string | undefined
  /** When the group is one incident: notify it as that incident. */
  incident?: Incident
}

export interface ReceiverKind<C extends ReceiverBase> {
  readonly type: C['type']
  readonly schema: z.ZodType<C>
  /** Deliveries per minute when `max_per_minute` is not set. */
  readonly defaultPerMinute: number
  /**
   * The secrets this receiver needs, from `pick(key)` (which resolves
   * `${ENV}` references and `*_file` paths); throws a message naming what is
   * missing. The values never appear in errors, logs or the outbox.
   */
  secrets(config: C, pick: (key: string) => string | undefined, where: string): Record<string, string>
  notifications(findings: readonly Finding[], config: C, context: NotifyContext): Notification[]
  /**
   * The HTTP request for a stored body; secrets are added here, at send time.
   * `previous` is the receipt of the group's last delivered notification, when
   * the kind keeps receipts (Slack: the message to update instead of posting).
   */
  request(
    config: C,
    secrets: Record<string, string>,
    body: Record<string, unknown>,
    now: number,
    previous?: Receipt,
  ): DeliveryRequest
  /** What to remember of a delivered notification (Slack: channel and ts of the message), from its answer. */
  receipt?(
    config: C,
    secrets: Record<string, string>,
    body: Record<string, unknown>,
    answer: string,
  ): Receipt | undefined
  /** A receiver that reports failure inside a 2xx answer (Slack's Web API) says so here. */
  classify?(status: number, text: string): DeliveryResult | undefined
}

/** Grafana Explore link to a trace, when the receiver has a Grafana URL. */
export function traceLink(grafanaUrl: string | undefined, traceId: string): string | undefined {
  return grafanaUrl ? `${grafanaUrl.replace(/\/$/, '')}/explore?traceId=${encodeURIComponent(traceId)}` : undefined
}
