// The two kinds of byte stream a ClickHouse Native column is made of, written
// from protobuf bytes without a JavaScript string in between:
// - ByteStream: values one after another (a String is a VarUInt length and
//   its bytes; UInt64 and DateTime64 are 8 bytes little-endian);
// - Lengths: an Array's or a Map's element count per row, kept as counts so
//   that the streams of several messages join into one block (the Native
//   offsets are cumulative; native-block.ts sums them while it writes).

const HEX_DIGITS = '0123456789abcdef'
const HEX_HIGH = Uint8Array.from({ length: 256 }, (_, i) => HEX_DIGITS.charCodeAt(i >> 4))
const HEX_LOW = Uint8Array.from({ length: 256 }, (_, i) => HEX_DIGITS.charCodeAt(i & 15))
/** Below this many bytes a loop copies faster than a typed-array view and set() (measured: most values are short). */
const SHORT_COPY = 64
const TWO_32 = 0x1_0000_0000
const MAX_UINT64 = 2n ** 64n - 1n

export class ByteStream {
  buf: Buffer
  at = 0

  constructor(initialBytes = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialBytes))
  }

  ensure(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes))
    this.buf.copy(grown, 0, 0, this.at)
    this.buf = grown
  }

  /** What was written (a view: valid until the next write). */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.at)
  }

  varUInt(value: number): void {
    this.ensure(10)
    const buf = this.buf
    if (value < 0x80) {
      buf[this.at++] = value
      return
    }
    let v = value
    while (v >= 0x80) {
      buf[this.at++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    buf[this.at++] = v
  }

  uint8(value: number): void {
    this.ensure(1)
    this.buf[this.at++] = value
  }

  /** An unsigned 64-bit integer from its 32-bit halves (byte stores: Buffer's bounds-checked writes cost more). */
  uint64Halves(high: number, low: number): void {
    this.ensure(8)
    const buf = this.buf
    const at = this.at
    buf[at] = low
    buf[at + 1] = low >>> 8
    buf[at + 2] = low >>> 16
    buf[at + 3] = low >>> 24
    buf[at + 4] = high
    buf[at + 5] = high >>> 8
    buf[at + 6] = high >>> 16
    buf[at + 7] = high >>> 24
    this.at = at + 8
  }

  /**
   * A non-negative integer (a duration, an offset). Above 2^53 the value is
   * the one its shortest decimal text names — what a JSONEachRow body of the
   * same number gives the engine — capped at 2^64 − 1.
   */
  uint64(value: number): void {
    if (value < 2 ** 53) {
      const high = Math.floor(value / TWO_32)
      this.uint64Halves(high, value - high * TWO_32)
      return
    }
    const text = String(value)
    const exact = /^\d+$/.test(text) ? BigInt(text) : MAX_UINT64
    this.ensure(8)
    this.buf.writeBigUInt64LE(exact > MAX_UINT64 ? MAX_UINT64 : exact, this.at)
    this.at += 8
  }

  int64(value: bigint): void {
    this.ensure(8)
    this.buf.writeBigInt64LE(value, this.at)
    this.at += 8
  }

  /** A String value: bytes [start, end) of src as they are. */
  string(src: Uint8Array, start: number, end: number): void {
    const length = end - start
    this.varUInt(length)
    this.ensure(length)
    if (length < SHORT_COPY) {
      const buf = this.buf
      let at = this.at
      for (let i = start; i < end; i++) buf[at++] = src[i]!
      this.at = at
    } else {
      this.buf.set(src.subarray(start, end), this.at)
      this.at += length
    }
  }

  /** A String value: the lowercase hex of bytes [start, end) of src. */
  hexString(src: Uint8Array, start: number, end: number): void {
    this.varUInt(2 * (end - start))
    this.ensure(2 * (end - start))
    const buf = this.buf
    let at = this.at
    for (let i = start; i < end; i++) {
      const byte = src[i]!
      buf[at++] = HEX_HIGH[byte]!
      buf[at++] = HEX_LOW[byte]!
    }
    this.at = at
  }

  /** A String value from a JavaScript string (UTF-8). */
  text(value: string): void {
    const length = Buffer.byteLength(value)
    this.varUInt(length)
    this.ensure(length)
    this.at += this.buf.write(value, this.at)
  }

  /** Bytes already in this stream's layout (pre-encoded values shared by many rows). */
  raw(bytes: Uint8Array): void {
    const length = bytes.length
    this.ensure(length)
    if (length < SHORT_COPY) {
      const buf = this.buf
      let at = this.at
      for (let i = 0; i < length; i++) buf[at++] = bytes[i]!
      this.at = at
    } else {
      this.buf.set(bytes, this.at)
      this.at += length
    }
  }
}

export class Lengths {
  counts: Uint32Array
  length = 0

  constructor(initialRows = 64) {
    this.counts = new Uint32Array(Math.max(16, initialRows))
  }

  push(count: number): void {
    if (this.length === this.counts.length) {
      const grown = new Uint32Array(this.counts.length * 2)
      grown.set(this.counts)
      this.counts = grown
    }
    this.counts[this.length++] = count
  }
}

export type Stream = ByteStream | Lengths
