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
