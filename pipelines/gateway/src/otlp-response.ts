// OTLP/HTTP responses: an empty Export*ServiceResponse on success, a
// google.rpc.Status on failure, in the encoding of the request.
import { varintBytes as varint } from '@tracehound/otlp'

export type WireFormat = 'protobuf' | 'json'

export const CONTENT_TYPE: Record<WireFormat, string> = { protobuf: 'application/x-protobuf', json: 'application/json' }

/** google.rpc.Status codes used here. */
export const RPC = {
  INVALID_ARGUMENT: 3,
  UNAUTHENTICATED: 16,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const

export function statusBody(format: WireFormat, code: number, message: string): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }))
  const text = Buffer.from(message)
  return Buffer.from([0x08, ...varint(code), 0x12, ...varint(text.length), ...text])
}

export function successBody(format: WireFormat): Buffer {
  return format === 'json' ? Buffer.from('{}') : Buffer.alloc(0)
}

/**
 * A success that says part of the request was not kept: OTLP's
 * `partial_success` (rejected_spans / rejected_log_records, error_message).
 * Field 1 of Export*ServiceResponse holds it; its field 1 is the count, 2 the message.
 */
export function partialSuccessBody(
  format: WireFormat,
  signal: 'traces' | 'logs',
  rejected: number,
  message: string,
): Buffer {
  if (format === 'json') {
    const key = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords'
    return Buffer.from(JSON.stringify({ partialSuccess: { [key]: String(rejected), errorMessage: message } }))
  }
  const text = Buffer.from(message)
  const inner = Buffer.from([0x08, ...varint(rejected), 0x12, ...varint(text.length), ...text])
  return Buffer.from([0x0a, ...varint(inner.length), ...inner])
}
