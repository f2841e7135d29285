/**
 * @tracehound/alerts — findings routed to Slack, PagerDuty and webhooks:
 * grouped, deduplicated, resolved, delivered from a durable outbox.
 */
export {
  parseAlertsConfig,
  alertsConfigFromDocument,
  ConfigError,
  type AlertsConfig,
  type ReceiverConfig,
} from './alerts-config.ts'
export { AlertRouter, type AlertRouterOptions, type AlertLog } from './alert-router.ts'
export { route, labelsOf, type RouteMatch } from './route-matcher.ts'
export { decide, groupHash } from './notification-policy.ts'
export { slackMessage } from './receivers/slack.ts'
export { pagerdutyEvent } from './receivers/pagerduty.ts'
export { webhookBody } from './receivers/webhook.ts'
export type { ReceiverKind, Notification } from './receivers/receiver-kind.ts'
export { slackText } from './escape.ts'
export { parseDuration } from './duration.ts'
export { sendTestAlert } from './send-test.ts'
export { addSilence, listSilences, expireSilence, validateMatchers, type Silence } from './silences.ts'
export { inhibited, type InhibitRule } from './inhibition.ts'
export { maskSecrets } from './mask-secrets.ts'
export { describeConfigIssues, type ConfigIssue } from './config-issues.ts'
