/**
 * @tracehound/alerts — findings routed to Slack, PagerDuty and webhooks:
 * grouped, deduplicated, resolved, delivered from a durable outbox. This is
 * the public API; tests import internals from their files.
 */
export {
  parseAlertsConfig,
  alertsConfigFromDocument,
  ConfigError,
  type AlertsConfig,
  type ReceiverConfig,
} from './alerts-config.ts'
export { AlertRouter, type AlertRouterOptions, type AlertLog } from './alert-router.ts'
export { parseDuration } from './duration.ts'
export { sendTestAlert } from './send-test.ts'
export { addSilence, listSilences, expireSilence, type Silence } from './silences.ts'
export { maskSecrets } from './mask-secrets.ts'
export { describeConfigIssues, type ConfigIssue } from './config-issues.ts'
