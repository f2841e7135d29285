// `tracehound alerts test`: one sample finding through the same payload and
// delivery code as real alerts, straight to one receiver.
import type { AlertsConfig } from './alerts-config.ts'
import { deliver, type DeliveryResult } from './http-delivery.ts'
import { maskSecrets } from './mask-secrets.ts'
import { pagerdutyEvent, slackMessage, webhookBody } from './payloads.ts'
import { requestFor } from './receiver-requests.ts'
import { sampleFinding } from './sample-finding.ts'

export async function sendTestAlert(
  config: AlertsConfig,
  secrets: Map<string, Record<string, string>>,
  receiverName: string,
  now = Date.now(),
): Promise<DeliveryResult> {
  const receiver = config.receivers.find((r) => r.name === receiverName)
  if (!receiver)
    throw new Error(
      `no receiver named ${JSON.stringify(receiverName)} in alerts.receivers (have: ${config.receivers.map((r) => r.name).join(', ')})`,
    )
  const finding = sampleFinding(now)
  const own = secrets.get(receiver.name) ?? {}
  const body =
    receiver.type === 'pagerduty'
      ? pagerdutyEvent(finding, own['routing_key'] ?? '', {
          grafanaUrl: receiver.grafana_url,
          environment: config.environment,
        })
      : receiver.type === 'slack'
        ? slackMessage([finding], 'test', { channel: receiver.channel, grafanaUrl: receiver.grafana_url })
        : webhookBody([finding], 'test', receiver.name)
  const result = await deliver(requestFor(receiver, own, JSON.stringify(body), now))
  // Printed on the terminal: the receiver's secrets never are.
  return result.ok ? result : { ...result, error: maskSecrets(result.error, Object.values(own)) }
}
