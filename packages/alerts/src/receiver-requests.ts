// Turns an outbox body into the HTTP request for its receiver, with secrets
// taken from the resolved config at send time (they are never stored).
import { createHmac } from 'node:crypto'
import type { ReceiverConfig } from './alerts-config.ts'
import type { DeliveryRequest } from './http-delivery.ts'

export function requestFor(
  receiver: ReceiverConfig,
  secrets: Record<string, string>,
  body: string,
  now: number,
): DeliveryRequest {
  const json = { 'content-type': 'application/json' }
  if (receiver.type === 'slack') {
    if (secrets['webhook_url']) return { url: secrets['webhook_url'], headers: json, body }
    return {
      url: receiver.api_url ?? 'https://slack.com/api/chat.postMessage',
      headers: { ...json, authorization: `Bearer ${secrets['token']}` },
      body,
    }
  }
  if (receiver.type === 'pagerduty')
    return { url: receiver.url ?? 'https://events.pagerduty.com/v2/enqueue', headers: json, body }
  const timestamp = String(Math.floor(now / 1000))
  const headers: Record<string, string> = { ...json, 'x-tracehound-timestamp': timestamp }
  if (secrets['hmac_secret'])
    headers['x-tracehound-signature'] =
      `sha256=${createHmac('sha256', secrets['hmac_secret']).update(`${timestamp}.${body}`).digest('hex')}`
  return { url: receiver.url, headers, body }
}
