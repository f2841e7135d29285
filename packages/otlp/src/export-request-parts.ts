// An OTLP/protobuf export request (traces or logs: the same shape —
// request{1: resource group{head, 2: scope group{head, 2: item}}}) taken
// apart into its resource and scope heads and its items (spans or log
// records) as byte ranges, and put back together from any ordered subset of
// the items, copying bytes as they are (no re-encoding). Shared by the
// per-trace split and the size split.
import { ProtoReader, WIRE_LEN } from './proto-reader.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN

export interface Group {
  /** The group's own fields (resource / scope, schema_url), whole, tag included. */
  readonly head: Uint8Array[]
  headBytes: number
}

export interface RequestParts {
  readonly resources: (Group & { scopes: Group[] })[]
  /** Every span / log record, in the request's order. */
  readonly items: Item[]
}

export interface Item {
  readonly resource: number
  readonly scope: number
  /** The item's message bytes (without its own tag and length). */
  readonly bytes: Uint8Array
}

/** Assumes `buf` already decoded (well-formed). */
export function partsOf(buf: Uint8Array): RequestParts {
  const resources: RequestParts['resources'] = []
  const items: Item[] = []
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
  return { resources, items }
}

/** Bytes of a varint. */
const varintSize = (value: number): number =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5

/** Bytes of a length-delimited field (tag < 128) holding `length` bytes. */
export const fieldSize = (length: number): number => 1 + varintSize(length) + length

/** Writes a length-delimited field's tag and length at `at`; returns the position after them. */
function writeHead(out: Uint8Array, at: number, fieldNumber: number, length: number): number {
  out[at++] = LEN(fieldNumber)
  let v = length
  while (v > 0x7f) {
    out[at++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  out[at++] = v
  return at
}

interface Run<T> {
  key: number
  length: number
  members: T[]
}

/** Consecutive members with the same key, each run with its encoded length. */
function runs<T>(members: readonly T[], key: (m: T) => number, length: (m: T) => number): Run<T>[] {
  const out: Run<T>[] = []
  for (const m of members) {
    const last = out.at(-1)
    if (last && last.key === key(m)) {
      last.members.push(m)
      last.length += fieldSize(length(m))
    } else out.push({ key: key(m), length: fieldSize(length(m)), members: [m] })
  }
  return out
}

/**
 * A request holding `items` (in their order, each under its own resource and
 * scope), sized first and written once into one buffer: no intermediate
 * arrays or copies per field.
 */
export function assemble(parts: RequestParts, items: readonly Item[]): Uint8Array {
  const byResource = runs(
    items,
    (i) => i.resource,
    (i) => i.bytes.length,
  )
  const plan = byResource.map((r) => {
    const resource = parts.resources[r.key]!
    const scopes = runs(
      r.members,
      (i) => i.scope,
      (i) => i.bytes.length,
    ).map((s) => ({
      ...s,
      length: resource.scopes[s.key]!.headBytes + s.length,
    }))
    return { resource, scopes, length: resource.headBytes + scopes.reduce((n, s) => n + fieldSize(s.length), 0) }
  })
  const message = new Uint8Array(plan.reduce((n, r) => n + fieldSize(r.length), 0))
  let at = 0
  const copy = (part: Uint8Array): void => {
    message.set(part, at)
    at += part.length
  }
  for (const r of plan) {
    at = writeHead(message, at, 1, r.length)
    r.resource.head.forEach(copy)
    for (const s of r.scopes) {
      at = writeHead(message, at, 2, s.length)
      r.resource.scopes[s.key]!.head.forEach(copy)
      for (const item of s.members) {
        at = writeHead(message, at, 2, item.bytes.length)
        copy(item.bytes)
      }
    }
  }
  return message
}
