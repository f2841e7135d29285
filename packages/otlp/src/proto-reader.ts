// A minimal protobuf wire-format reader for the OTLP messages: varints,
// fixed32/64, length-delimited fields. Strings are decoded as strict UTF-8;
// every read is bounds-checked, so truncated input fails with an offset.
import { OtlpDecodeError } from './decode-error.ts'

const utf8 = new TextDecoder('utf-8', { fatal: true })

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LEN = 2
export const WIRE_FIXED32 = 5

export class ProtoReader {
  readonly buf: Uint8Array
  pos: number
  readonly end: number

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf
    this.pos = pos
    this.end = end
  }

  truncated(what: string): OtlpDecodeError {
    return new OtlpDecodeError(`truncated protobuf: ${what} runs past the end of its message at byte ${this.pos}`)
  }

  /** A varint up to 2^53 (enough for tags, lengths, enums, counts); larger values lose precision, never read out of bounds. */
  varint(): number {
    let result = 0
    let multiplier = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.truncated('a varint')
      const byte = this.buf[this.pos++]!
      result += (byte & 0x7f) * multiplier
      if (byte < 0x80) return result
      multiplier *= 128
    }
    throw new OtlpDecodeError(`malformed protobuf: varint longer than 10 bytes at byte ${this.pos}`)
  }

  /** A varint as a signed 64-bit decimal string (AnyValue.int_value is int64, two's complement). */
  int64String(): string {
    let lo = 0n
    let shift = 0n
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.truncated('a varint')
      const byte = this.buf[this.pos++]!
      lo |= BigInt(byte & 0x7f) << shift
      if (byte < 0x80) return BigInt.asIntN(64, lo).toString()
      shift += 7n
    }
    throw new OtlpDecodeError(`malformed protobuf: varint longer than 10 bytes at byte ${this.pos}`)
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) throw this.truncated('a fixed32')
    const b = this.buf
    const p = this.pos
    this.pos += 4
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000
  }

  /** An unsigned fixed64 as a bigint (nanosecond timestamps exceed 2^53). */
  fixed64(): bigint {
    const lo = this.fixed32()
    const hi = this.fixed32()
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  double(): number {
    if (this.pos + 8 > this.end) throw this.truncated('a double')
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8)
    this.pos += 8
    return view.getFloat64(0, true)
  }

  /** Start and end of the next length-delimited field; advances past it. */
  span(): [number, number] {
    const length = this.varint()
    const start = this.pos
    if (start + length > this.end) throw this.truncated(`a ${length}-byte field`)
    this.pos = start + length
    return [start, start + length]
  }

  bytes(): Uint8Array {
    const [start, end] = this.span()
    return this.buf.subarray(start, end)
  }

  string(): string {
    const [start, end] = this.span()
    if (start === end) return ''
    // Most OTLP strings are short ASCII (keys, names, routes): decode those
    // inline; TextDecoder's per-call cost dominates for them.
    if (end - start <= 64) {
      const b = this.buf
      let ascii = ''
      let i = start
      for (; i < end; i++) {
        const c = b[i]!
        if (c >= 0x80) break
        ascii += String.fromCharCode(c)
      }
      if (i === end) return ascii
    }
    try {
      return utf8.decode(this.buf.subarray(start, end))
    } catch {
      throw new OtlpDecodeError(`invalid UTF-8 in a string field at bytes ${start}–${end}`)
    }
  }

  /** A sub-reader over the next length-delimited field. */
  message(): ProtoReader {
    const [start, end] = this.span()
    return new ProtoReader(this.buf, start, end)
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint()
        return
      case WIRE_FIXED64:
        if (this.pos + 8 > this.end) throw this.truncated('a fixed64')
        this.pos += 8
        return
      case WIRE_LEN:
        this.span()
        return
      case WIRE_FIXED32:
        if (this.pos + 4 > this.end) throw this.truncated('a fixed32')
        this.pos += 4
        return
      default:
        throw new OtlpDecodeError(`malformed protobuf: unsupported wire type ${wireType} at byte ${this.pos}`)
    }
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lowercase hex of an id (trace 16 bytes, span 8 bytes). */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]
  return out
}
