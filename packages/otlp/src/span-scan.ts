// Where an ordinary Span message keeps its fields: byte ranges of its ids and
// strings, its kind, times and status, and its attributes (key range, value
// kind, value) — read without creating a string or an object, so the
// JSONEachRow writer can copy the bytes. read() says false for anything it
// does not handle exactly as the decoder's readSpan would (events, links,
// arrays, maps, bytes values, large or negative integers, duplicate, numeric
// or `__proto__` keys, a byte-order mark, invalid UTF-8, any malformation):
// the caller then uses readSpan, which gives the same result or the
// decoder's own error. Reused from span to span.
import type { DecodeLimits } from './decode-error.ts'
import { plainUtf8 } from './json-bytes.ts'
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'

export const VALUE_NONE = 0
export const VALUE_STRING = 1
export const VALUE_BOOL = 2
export const VALUE_INT = 3
export const VALUE_DOUBLE = 4

/** Spans with more attributes are rare; they take the decoder's path. */
const MAX_SCANNED_ATTRIBUTES = 64
/** A varint of at most 7 bytes is below 2^49: exact as a number, and an int64 that is not negative. */
const MAX_SMALL_INT_BYTES = 7
const PROTO_KEY = Buffer.from('__proto__')
const float = new Float64Array(1)
const floatBytes = new Uint8Array(float.buffer)
const EMPTY = new Uint8Array(0)

export class SpanScan {
  src: Uint8Array = EMPTY
  traceIdStart = 0
  traceIdEnd = 0
  spanIdStart = 0
  spanIdEnd = 0
  parentStart = 0
  parentEnd = 0
  stateStart = 0
  stateEnd = 0
  nameStart = 0
  nameEnd = 0
  kind = 0
  start = 0n
  end = 0n
  statusCode = 0
  statusMessageStart = 0
  statusMessageEnd = 0
  /** Per attribute: key start, key end, value kind, then the value's range or the value itself. */
  readonly attributes = new Float64Array(MAX_SCANNED_ATTRIBUTES * 5)
  attributeCount = 0
  readonly #maxAttributes: number
  #pos = 0
  // Scratch for one attribute value.
  #valueKind = VALUE_NONE
  #value1 = 0
  #value2 = 0

  constructor(limits: Required<DecodeLimits>) {
    this.#maxAttributes = Math.min(limits.maxAttributes, MAX_SCANNED_ATTRIBUTES)
  }

  /** Scans the Span message in src[from, to); false when the decoder's path must take it. */
  read(src: Uint8Array, from: number, to: number): boolean {
    this.src = src
    this.#pos = from
    this.traceIdStart = this.traceIdEnd = this.spanIdStart = this.spanIdEnd = 0
    this.parentStart = this.parentEnd = this.stateStart = this.stateEnd = this.nameStart = this.nameEnd = 0
    this.kind = 0
    this.start = 0n
    this.end = 0n
    this.statusCode = 0
    this.statusMessageStart = this.statusMessageEnd = 0
    this.attributeCount = 0
    while (this.#pos < to) {
      const tag = this.#varint(to)
      if (tag < 0) return false
      const field = Math.floor(tag / 8)
      const wire = tag & 7
      if (wire === WIRE_LEN && (field === 1 || field === 2 || field === 4)) {
        const length = this.#length(to)
        if (length < 0) return false
        const start = this.#pos
        this.#pos += length
        if (length !== 0 && length !== (field === 1 ? 16 : 8)) return false
        if (field === 1) {
          this.traceIdStart = start
          this.traceIdEnd = this.#pos
        } else if (field === 2) {
          this.spanIdStart = start
          this.spanIdEnd = this.#pos
        } else {
          this.parentStart = start
          this.parentEnd = this.#pos
        }
      } else if (wire === WIRE_LEN && (field === 3 || field === 5)) {
        const length = this.#length(to)
        if (length < 0 || !plainUtf8(src, this.#pos, this.#pos + length)) return false
        const start = this.#pos
        this.#pos += length
        if (field === 3) {
          this.stateStart = start
          this.stateEnd = this.#pos
        } else {
          this.nameStart = start
          this.nameEnd = this.#pos
        }
      } else if (field === 6 && wire === WIRE_VARINT) {
        this.kind = this.#varint(to)
        if (this.kind < 0) return false
      } else if ((field === 7 || field === 8) && wire === WIRE_FIXED64) {
        if (this.#pos + 8 > to) return false
        const time = this.#fixed64()
        if (field === 7) this.start = time
        else this.end = time
      } else if (field === 9 && wire === WIRE_LEN) {
        const length = this.#length(to)
        if (length < 0 || !this.#keyValue(this.#pos + length)) return false
      } else if ((field === 11 || field === 13) && wire === WIRE_LEN) {
        return false // events and links: the decoder's path
      } else if (field === 15 && wire === WIRE_LEN) {
        const length = this.#length(to)
        if (length < 0 || !this.#status(this.#pos + length)) return false
      } else if (!this.#skip(wire, to)) return false
    }
    return this.traceIdEnd > this.traceIdStart && this.spanIdEnd > this.spanIdStart
  }

  /** A KeyValue ending at `to` (the cursor on its first byte), added to the attributes. */
  #keyValue(to: number): boolean {
    let keyStart = 0
    let keyEnd = 0
    this.#valueKind = VALUE_NONE
    while (this.#pos < to) {
      const tag = this.#varint(to)
      if (tag === ((1 << 3) | WIRE_LEN)) {
        const length = this.#length(to)
        if (length < 0 || !plainUtf8(this.src, this.#pos, this.#pos + length)) return false
        keyStart = this.#pos
        keyEnd = this.#pos += length
      } else if (tag === ((2 << 3) | WIRE_LEN)) {
        const length = this.#length(to)
        if (length < 0 || !this.#anyValue(this.#pos + length)) return false
      } else if (tag < 0 || !this.#skip(tag & 7, to)) return false
    }
    if (this.attributeCount >= this.#maxAttributes || !this.#ordinaryKey(keyStart, keyEnd)) return false
    const at = this.attributeCount++ * 5
    const a = this.attributes
    a[at] = keyStart
    a[at + 1] = keyEnd
    a[at + 2] = this.#valueKind
    a[at + 3] = this.#value1
    a[at + 4] = this.#value2
    return true
  }

  /** A key that JSON.stringify keeps in place: not numeric, not `__proto__`, not seen before in this span. */
  #ordinaryKey(start: number, end: number): boolean {
    const src = this.src
    const length = end - start
    if (length > 0 && src[start]! >= 0x30 && src[start]! <= 0x39) return false
    if (length === PROTO_KEY.length && sameBytes(src, start, PROTO_KEY, 0, length)) return false
    const a = this.attributes
    for (let i = 0; i < this.attributeCount; i++) {
      const otherStart = a[i * 5]!
      if (a[i * 5 + 1]! - otherStart === length && sameBytes(src, start, src, otherStart, length)) return false
    }
    return true
  }

  /** An AnyValue ending at `to` holding at most one string, bool, small int or double. */
  #anyValue(to: number): boolean {
    let seen = 0
    this.#valueKind = VALUE_NONE
    while (this.#pos < to) {
      const tag = this.#varint(to)
      if (tag < 0) return false
      const field = Math.floor(tag / 8)
      const wire = tag & 7
      if (field === 1 && wire === WIRE_LEN) {
        const length = this.#length(to)
        if (length < 0 || !plainUtf8(this.src, this.#pos, this.#pos + length)) return false
        this.#valueKind = VALUE_STRING
        this.#value1 = this.#pos
        this.#value2 = this.#pos += length
      } else if ((field === 2 || field === 3) && wire === WIRE_VARINT) {
        const first = this.#pos
        const value = this.#varint(to)
        if (value < 0 || (field === 3 && this.#pos - first > MAX_SMALL_INT_BYTES)) return false
        this.#valueKind = field === 2 ? VALUE_BOOL : VALUE_INT
        this.#value1 = field === 2 ? Number(value !== 0) : value
      } else if (field === 4 && wire === WIRE_FIXED64) {
        if (this.#pos + 8 > to) return false
        floatBytes.set(this.src.subarray(this.#pos, this.#pos + 8))
        this.#pos += 8
        this.#valueKind = VALUE_DOUBLE
        this.#value1 = float[0]!
      } else if (field >= 5 && field <= 7 && wire === WIRE_LEN) {
        return false // arrays, maps and bytes: the decoder's path
      } else {
        if (!this.#skip(wire, to)) return false
        continue
      }
      if (++seen > 1) return false
    }
    return true
  }

  /** A Status ending at `to`: its message (field 2) and code (field 3). */
  #status(to: number): boolean {
    while (this.#pos < to) {
      const tag = this.#varint(to)
      if (tag === ((2 << 3) | WIRE_LEN)) {
        const length = this.#length(to)
        if (length < 0 || !plainUtf8(this.src, this.#pos, this.#pos + length)) return false
        this.statusMessageStart = this.#pos
        this.statusMessageEnd = this.#pos += length
      } else if (tag === ((3 << 3) | WIRE_VARINT)) {
        this.statusCode = this.#varint(to)
        if (this.statusCode < 0) return false
      } else if (tag < 0 || !this.#skip(tag & 7, to)) return false
    }
    return true
  }

  /** A varint (as ProtoReader reads it); -1 when truncated or longer than 10 bytes. */
  #varint(to: number): number {
    const src = this.src
    let result = 0
    let multiplier = 1
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= to) return -1
      const byte = src[this.#pos++]!
      result += (byte & 0x7f) * multiplier
      if (byte < 0x80) return result
      multiplier *= 128
    }
    return -1
  }

  /** A length prefix whose bytes fit before `to`; -1 otherwise. */
  #length(to: number): number {
    const length = this.#varint(to)
    return length < 0 || this.#pos + length > to ? -1 : length
  }

  #fixed64(): bigint {
    const s = this.src
    const p = this.#pos
    this.#pos += 8
    const lo = (s[p]! | (s[p + 1]! << 8) | (s[p + 2]! << 16)) + s[p + 3]! * 0x1000000
    const hi = (s[p + 4]! | (s[p + 5]! << 8) | (s[p + 6]! << 16)) + s[p + 7]! * 0x1000000
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  #skip(wire: number, to: number): boolean {
    if (wire === WIRE_VARINT) return this.#varint(to) >= 0
    if (wire === WIRE_LEN) {
      const length = this.#length(to)
      this.#pos += Math.max(0, length)
      return length >= 0
    }
    const size = wire === WIRE_FIXED64 ? 8 : wire === WIRE_FIXED32 ? 4 : -1
    if (size < 0 || this.#pos + size > to) return false
    this.#pos += size
    return true
  }
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false
  return true
}
