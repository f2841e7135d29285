/**
 * @tracehound/alerts-pipeline — the alerts stage: routes findings into the
 * durable outbox and delivers them, with health and Prometheus metrics. The
 * CLI's `alerts` and `up --alerts-config` start it; routing, grouping and the
 * receivers are @tracehound/alerts.
 */
export { startAlerts, type AlertsStage, type AlertsStageOptions } from './start-alerts.ts'
