// Where an ordinary Span message keeps its fields: byte ranges of its ids and
// strings, its kind, times and status, and its attributes (field-scan.ts) —
// read without creating a string or an object, so the JSONEachRow writer can
// copy the bytes. read() says false for anything it does not handle exactly
// as the decoder's readSpan would (events and links too): the caller then
// uses readSpan. Reused from span to span.
import { FieldScan } from './field-scan.ts'
import { plainUtf8 } from './json-bytes.ts'
import { WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'

export class SpanScan extends FieldScan {
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
  // Times as their 32-bit halves: a BigInt per time was a sixth of the gateway's check
  // (check-in-place.ts compares the halves; `start` and `end` make the BigInt when asked).
  startHigh = 0
  startLow = 0
  endHigh = 0
  endLow = 0
  statusCode = 0
  statusMessageStart = 0
  statusMessageEnd = 0

  /** Scans the Span message in src[from, to); false when the decoder's path must take it. */
  read(src: Uint8Array, from: number, to: number): boolean {
    this.src = src
    this.pos = from
    this.traceIdStart = this.traceIdEnd = this.spanIdStart = this.spanIdEnd = 0
    this.parentStart = this.parentEnd = this.stateStart = this.stateEnd = this.nameStart = this.nameEnd = 0
    this.kind = 0
    this.startHigh = this.startLow = this.endHigh = this.endLow = 0
    this.statusCode = 0
    this.statusMessageStart = this.statusMessageEnd = 0
    this.attributeCount = 0
    while (this.pos < to) {
      const tag = this.varint(to)
      if (tag < 0) return false
      const field = Math.floor(tag / 8)
      const wire = tag & 7
      if (wire === WIRE_LEN && (field === 1 || field === 2 || field === 4)) {
        const length = this.length(to)
        if (length < 0) return false
        const start = this.pos
        this.pos += length
        if (length !== 0 && length !== (field === 1 ? 16 : 8)) return false
        if (field === 1) {
          this.traceIdStart = start
          this.traceIdEnd = this.pos
        } else if (field === 2) {
          this.spanIdStart = start
          this.spanIdEnd = this.pos
        } else {
          this.parentStart = start
          this.parentEnd = this.pos
        }
      } else if (wire === WIRE_LEN && (field === 3 || field === 5)) {
        const length = this.length(to)
        if (length < 0 || !plainUtf8(src, this.pos, this.pos + length)) return false
        const start = this.pos
        this.pos += length
        if (field === 3) {
          this.stateStart = start
          this.stateEnd = this.pos
        } else {
          this.nameStart = start
          this.nameEnd = this.pos
        }
      } else if (field === 6 && wire === WIRE_VARINT) {
        this.kind = this.varint(to)
        if (this.kind < 0) return false
      } else if ((field === 7 || field === 8) && wire === WIRE_FIXED64) {
        if (this.pos + 8 > to) return false
        const low = this.uint32At(this.pos)
        const high = this.uint32At(this.pos + 4)
        this.pos += 8
        if (field === 7) {
          this.startHigh = high
          this.startLow = low
        } else {
          this.endHigh = high
          this.endLow = low
        }
      } else if (field === 9 && wire === WIRE_LEN) {
        const length = this.length(to)
        if (length < 0 || !this.keyValue(this.pos + length)) return false
      } else if ((field === 11 || field === 13) && wire === WIRE_LEN) {
        return false // events and links: the decoder's path
      } else if (field === 15 && wire === WIRE_LEN) {
        const length = this.length(to)
        if (length < 0 || !this.status(this.pos + length)) return false
      } else if (!this.skip(wire, to)) return false
    }
    return this.traceIdEnd > this.traceIdStart && this.spanIdEnd > this.spanIdStart
  }

  /** Start time, Unix nanoseconds. */
  get start(): bigint {
    return (BigInt(this.startHigh) << 32n) | BigInt(this.startLow)
  }

  /** End time, Unix nanoseconds. */
  get end(): bigint {
    return (BigInt(this.endHigh) << 32n) | BigInt(this.endLow)
  }

  /** End − start in nanoseconds (0 when the end comes first): durationNanos's number, without the BigInts. */
  duration(): number {
    // The product is exact and the sum rounds once, as Number(end - start) does.
    const nanos = (this.endHigh - this.startHigh) * 0x1_0000_0000 + (this.endLow - this.startLow)
    return Math.max(nanos, 0)
  }

  /** A Status ending at `to`: its message (field 2) and code (field 3). */
  protected status(to: number): boolean {
    while (this.pos < to) {
      const tag = this.varint(to)
      if (tag === ((2 << 3) | WIRE_LEN)) {
        const length = this.length(to)
        if (length < 0 || !plainUtf8(this.src, this.pos, this.pos + length)) return false
        this.statusMessageStart = this.pos
        this.statusMessageEnd = this.pos += length
      } else if (tag === ((3 << 3) | WIRE_VARINT)) {
        this.statusCode = this.varint(to)
        if (this.statusCode < 0) return false
      } else if (tag < 0 || !this.skip(tag & 7, to)) return false
    }
    return true
  }
}
