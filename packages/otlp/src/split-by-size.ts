// Splits an OTLP/protobuf export request (traces or logs) into requests of at
// most `maxBytes`, copying the resource, scope and item bytes as they are.
// The gateway uses it so that no Kafka message exceeds what the broker
// accepts (`max.message.bytes`): a large logs batch, or one very large trace,
// becomes several messages instead of a refusal.
import { assemble, fieldSize, type Item, partsOf } from './export-request-parts.ts'

/** Upper bound of a field's tag + length prefix (tag ≤ 1 byte here, length varint ≤ 5). */
const FIELD_OVERHEAD = 6

export class ItemTooLargeError extends Error {}

/** Assumes `buf` already decoded (well-formed). */
export function splitProtoBySize(buf: Uint8Array, maxBytes: number): Uint8Array[] {
  if (buf.length <= maxBytes) return [buf]
  const parts = partsOf(buf)
  const out: Uint8Array[] = []
  let chunk: Item[] = []
  let size = 0
  for (const item of parts.items) {
    const last = chunk.at(-1)
    const resource = parts.resources[item.resource]!
    const scopeHead = resource.scopes[item.scope]!.headBytes + FIELD_OVERHEAD
    const alone = fieldSize(item.bytes.length) + resource.headBytes + FIELD_OVERHEAD + scopeHead
    // An upper bound of what the item adds: its own field, plus the heads of a resource or scope it opens.
    const cost =
      !last || last.resource !== item.resource
        ? alone
        : last.scope !== item.scope
          ? fieldSize(item.bytes.length) + scopeHead
          : fieldSize(item.bytes.length)
    if (alone > maxBytes)
      throw new ItemTooLargeError(
        `one item of ${item.bytes.length} bytes (with its resource and scope) is larger than the ${maxBytes}-byte message limit`,
      )
    if (chunk.length > 0 && size + cost > maxBytes) {
      out.push(assemble(parts, chunk))
      chunk = []
      size = 0
    }
    size += chunk.length === 0 ? alone : cost
    chunk.push(item)
  }
  if (chunk.length > 0) out.push(assemble(parts, chunk))
  return out
}
