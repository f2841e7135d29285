// What the row-less paths share when they read a protobuf message in place:
// a cursor with bounds-checked varints, lengths and fixed64s (-1 or false
// instead of throwing), and a record's attributes — key range, value kind,
// value — for KeyValues holding a string, a boolean, a small integer or a
// double. Anything the decoder would treat differently (arrays, maps, bytes,
// large or negative integers, duplicate, numeric or `__proto__` keys, a
// byte-order mark, invalid UTF-8, malformation) makes the read say false, and
// the caller takes the decoder's path, which gives the same result or its own
// error. Subclasses read spans (span-scan.ts) and log records (log-scan.ts).
import type { DecodeLimits } from './decode-error.ts'
import { formatDouble } from './attribute-value.ts'
import { type JsonBytes, plainUtf8 } from './json-bytes.ts'
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'

export const VALUE_NONE = 0
export const VALUE_STRING = 1
export const VALUE_BOOL = 2
export const VALUE_INT = 3
export const VALUE_DOUBLE = 4

/** Records with more attributes are rare; they take the decoder's path. */
const MAX_SCANNED_ATTRIBUTES = 64
/** A varint of at most 7 bytes is below 2^49: exact as a number, and an int64 that is not negative. */
const MAX_SMALL_INT_BYTES = 7
const PROTO_KEY = Buffer.from('__proto__')
/** The longest formatDouble text, quoted (Number.MAX_VALUE: 309 digits), with room to spare. */
const MAX_DOUBLE_TEXT = 340
const float = new Float64Array(1)
const floatBytes = new Uint8Array(float.buffer)
export const EMPTY = new Uint8Array(0)

export class FieldScan {
  src: Uint8Array = EMPTY
  /** Per attribute: key start, key end, value kind, then the value's range or the value itself. */
  readonly attributes = new Float64Array(MAX_SCANNED_ATTRIBUTES * 5)
  attributeCount = 0
  protected readonly maxAttributes: number
  protected pos = 0
  // The last AnyValue read.
  protected valueKind = VALUE_NONE
  protected value1 = 0
  protected value2 = 0

  constructor(limits: Required<DecodeLimits>) {
    this.maxAttributes = Math.min(limits.maxAttributes, MAX_SCANNED_ATTRIBUTES)
  }

  /**
   * Room the values may need beyond their bytes escaped: a double's digits can
   * outgrow its eight bytes many times over (1e-300 is 300-odd characters).
   */
  valueRoom(): number {
    return MAX_DOUBLE_TEXT * (this.attributeCount + 1)
  }

  /** The attributes as the JSON object JSON.stringify gives the decoder's (room: record bytes escaped + valueRoom). */
  writeAttributes(out: JsonBytes): void {
    const a = this.attributes
    out.ascii('{')
    for (let i = 0; i < this.attributeCount; i++) {
      const at = i * 5
      if (i > 0) out.ascii(',')
      out.string(this.src, a[at]!, a[at + 1]!)
      out.ascii(':')
      this.writeValue(out, a[at + 2]!, a[at + 3]!, a[at + 4]!)
    }
    out.ascii('}')
  }

  /** A scanned AnyValue as the JSON string of valueToString(value). */
  writeValue(out: JsonBytes, kind: number, value1: number, value2: number): void {
    if (kind === VALUE_STRING) out.string(this.src, value1, value2)
    else if (kind === VALUE_NONE) out.ascii('""')
    else if (kind === VALUE_BOOL) out.ascii(value1 ? '"true"' : '"false"')
    else if (kind === VALUE_INT) out.ascii(`"${value1}"`)
    else out.ascii(`"${formatDouble(value1)}"`)
  }

  /** A KeyValue ending at `to` (the cursor on its first byte), added to the attributes. */
  protected keyValue(to: number): boolean {
    let keyStart = 0
    let keyEnd = 0
    this.valueKind = VALUE_NONE
    while (this.pos < to) {
      const tag = this.varint(to)
      if (tag === ((1 << 3) | WIRE_LEN)) {
        const length = this.length(to)
        if (length < 0 || !plainUtf8(this.src, this.pos, this.pos + length)) return false
        keyStart = this.pos
        keyEnd = this.pos += length
      } else if (tag === ((2 << 3) | WIRE_LEN)) {
        const length = this.length(to)
        if (length < 0 || !this.anyValue(this.pos + length)) return false
      } else if (tag < 0 || !this.skip(tag & 7, to)) return false
    }
    if (this.attributeCount >= this.maxAttributes || !this.ordinaryKey(keyStart, keyEnd)) return false
    const at = this.attributeCount++ * 5
    const a = this.attributes
    a[at] = keyStart
    a[at + 1] = keyEnd
    a[at + 2] = this.valueKind
    a[at + 3] = this.value1
    a[at + 4] = this.value2
    return true
  }

  /** A key that JSON.stringify keeps in place: not numeric, not `__proto__`, not seen before in this span. */
  protected ordinaryKey(start: number, end: number): boolean {
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
  protected anyValue(to: number): boolean {
    let seen = 0
    this.valueKind = VALUE_NONE
    while (this.pos < to) {
      const tag = this.varint(to)
      if (tag < 0) return false
      const field = Math.floor(tag / 8)
      const wire = tag & 7
      if (field === 1 && wire === WIRE_LEN) {
        const length = this.length(to)
        if (length < 0 || !plainUtf8(this.src, this.pos, this.pos + length)) return false
        this.valueKind = VALUE_STRING
        this.value1 = this.pos
        this.value2 = this.pos += length
      } else if ((field === 2 || field === 3) && wire === WIRE_VARINT) {
        const first = this.pos
        const value = this.varint(to)
        if (value < 0 || (field === 3 && this.pos - first > MAX_SMALL_INT_BYTES)) return false
        this.valueKind = field === 2 ? VALUE_BOOL : VALUE_INT
        this.value1 = field === 2 ? Number(value !== 0) : value
      } else if (field === 4 && wire === WIRE_FIXED64) {
        if (this.pos + 8 > to) return false
        floatBytes.set(this.src.subarray(this.pos, this.pos + 8))
        this.pos += 8
        this.valueKind = VALUE_DOUBLE
        this.value1 = float[0]!
      } else if (field >= 5 && field <= 7 && wire === WIRE_LEN) {
        return false // arrays, maps and bytes: the decoder's path
      } else {
        if (!this.skip(wire, to)) return false
        continue
      }
      if (++seen > 1) return false
    }
    return true
  }

  /** A varint (as ProtoReader reads it); -1 when truncated or longer than 10 bytes. */
  protected varint(to: number): number {
    const src = this.src
    let result = 0
    let multiplier = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= to) return -1
      const byte = src[this.pos++]!
      result += (byte & 0x7f) * multiplier
      if (byte < 0x80) return result
      multiplier *= 128
    }
    return -1
  }

  /** A length prefix whose bytes fit before `to`; -1 otherwise. */
  protected length(to: number): number {
    const length = this.varint(to)
    return length < 0 || this.pos + length > to ? -1 : length
  }

  /** The little-endian uint32 at `p` (a half of a fixed64). */
  protected uint32At(p: number): number {
    const s = this.src
    return (s[p]! | (s[p + 1]! << 8) | (s[p + 2]! << 16)) + s[p + 3]! * 0x1000000
  }

  protected fixed64(): bigint {
    const s = this.src
    const p = this.pos
    this.pos += 8
    const lo = (s[p]! | (s[p + 1]! << 8) | (s[p + 2]! << 16)) + s[p + 3]! * 0x1000000
    const hi = (s[p + 4]! | (s[p + 5]! << 8) | (s[p + 6]! << 16)) + s[p + 7]! * 0x1000000
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  protected skip(wire: number, to: number): boolean {
    if (wire === WIRE_VARINT) return this.varint(to) >= 0
    if (wire === WIRE_LEN) {
      const length = this.length(to)
      this.pos += Math.max(0, length)
      return length >= 0
    }
    const size = wire === WIRE_FIXED64 ? 8 : wire === WIRE_FIXED32 ? 4 : -1
    if (size < 0 || this.pos + size > to) return false
    this.pos += size
    return true
  }
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false
  return true
}
