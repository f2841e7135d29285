// `tracehound alerts test`: one sample finding through the same payload and
// delivery code as real alerts, straight to one receiver.
import type { AlertsConfig } from './alerts-config.ts'
import { deliver, type DeliveryResult } from './http-delivery.ts'
import { maskSecrets } from './mask-secrets.ts'
import { kindOf } from './receivers/receiver-kinds.ts'
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
  const kind = kindOf(receiver)
  const [notification] = kind.notifications([finding], receiver, { reason: 'test', environment: config.environment })
  const result = await deliver(kind.request(receiver, own, notification!.body, now), kind.classify)
  // Printed on the terminal: the receiver's secrets never are.
  return result.ok ? result : { ...result, error: maskSecrets(result.error, Object.values(own)) }
}
