// Splits an OTLP/protobuf export request (traces or logs: the same shape —
// request{1: resource group{head, 2: scope group{head, 2: item}}}) into
// requests of at most `maxBytes`, copying the resource, scope and item bytes
// as they are. The gateway uses it so that no Kafka message exceeds what the
// broker accepts (`max.message.bytes`): a large logs batch, or one very large
// trace, becomes several messages instead of a refusal.
import { ProtoReader, WIRE_LEN } from './proto-reader.ts'
import { ProtoWriter } from './proto-writer.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN
/** Upper bound of a field's tag + length prefix (tag ≤ 1 byte here, length varint ≤ 5). */
const FIELD_OVERHEAD = 6

export class ItemTooLargeError extends Error {}

interface Group {
  head: Uint8Array[]
  headBytes: number
}

/** Assumes `buf` already decoded (well-formed). */
export function splitProtoBySize(buf: Uint8Array, maxBytes: number): Uint8Array[] {
  if (buf.length <= maxBytes) return [buf]
  const resources: (Group & { scopes: Group[] })[] = []
  const items: { resource: number; scope: number; bytes: Uint8Array }[] = []
  const r = new ProtoReader(buf)
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag !== LEN(1)) {
      r.skip(tag & 7)
      continue
    }
    const rs = r.message()
    const resource = { head: [] as Uint8Array[], headBytes: 0, scopes: [] as Group[] }
    resources.push(resource)
    while (rs.pos < rs.end) {
      const start = rs.pos
      const rsTag = rs.varint()
      if (rsTag !== LEN(2)) {
        rs.skip(rsTag & 7)
        resource.head.push(buf.subarray(start, rs.pos))
        resource.headBytes += rs.pos - start
        continue
      }
      const ss = rs.message()
      const scope: Group = { head: [], headBytes: 0 }
      resource.scopes.push(scope)
      while (ss.pos < ss.end) {
        const itemStart = ss.pos
        const ssTag = ss.varint()
        if (ssTag !== LEN(2)) {
          ss.skip(ssTag & 7)
          scope.head.push(buf.subarray(itemStart, ss.pos))
          scope.headBytes += ss.pos - itemStart
          continue
        }
        const [from, to] = ss.span()
        items.push({ resource: resources.length - 1, scope: resource.scopes.length - 1, bytes: buf.subarray(from, to) })
      }
    }
  }

  const out: Uint8Array[] = []
  let chunk: typeof items = []
  let size = 0
  let lastResource = -1
  let lastScope = -1
  const emit = (): void => {
    if (chunk.length === 0) return
    const w = new ProtoWriter()
    let i = 0
    while (i < chunk.length) {
      const resourceIndex = chunk[i]!.resource
      const resource = resources[resourceIndex]!
      w.message(
        1,
        (rw) => {
          for (const h of resource.head) rw.fields(h)
          while (i < chunk.length && chunk[i]!.resource === resourceIndex) {
            const scopeIndex = chunk[i]!.scope
            rw.message(
              2,
              (sw) => {
                for (const h of resource.scopes[scopeIndex]!.head) sw.fields(h)
                while (i < chunk.length && chunk[i]!.resource === resourceIndex && chunk[i]!.scope === scopeIndex)
                  sw.bytes(2, chunk[i++]!.bytes, true)
              },
              true,
            )
          }
        },
        true,
      )
    }
    out.push(w.finish())
    chunk = []
    size = 0
    lastResource = -1
    lastScope = -1
  }
  for (const item of items) {
    const resource = resources[item.resource]!
    const scope = resource.scopes[item.scope]!
    const cost = (start: boolean): number =>
      item.bytes.length +
      FIELD_OVERHEAD +
      (start || item.resource !== lastResource ? resource.headBytes + scope.headBytes + 2 * FIELD_OVERHEAD : 0) +
      (!start && item.resource === lastResource && item.scope !== lastScope ? scope.headBytes + FIELD_OVERHEAD : 0)
    if (cost(true) > maxBytes)
      throw new ItemTooLargeError(
        `one item of ${item.bytes.length} bytes (with its resource and scope) is larger than the ${maxBytes}-byte message limit`,
      )
    if (size + cost(chunk.length === 0) > maxBytes) emit()
    size += cost(chunk.length === 0)
    chunk.push(item)
    lastResource = item.resource
    lastScope = item.scope
  }
  emit()
  return out
}
