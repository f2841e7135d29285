// A minimal protobuf writer for re-encoding OTLP/JSON as OTLP/protobuf: each
// message is built into its own byte list and written into its parent as a
// length-delimited field. Fields at their default value are left out, as
// protobuf encoders do.
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'

const encoder = new TextEncoder()

export class ProtoWriter {
  readonly #chunks: Uint8Array[] = []
  #bytes: number[] = []
  #length = 0

  #flush(): void {
    if (this.#bytes.length) {
      this.#chunks.push(Uint8Array.from(this.#bytes))
      this.#length += this.#bytes.length
      this.#bytes = []
    }
  }

  #varint(value: bigint): void {
    let v = BigInt.asUintN(64, value)
    while (v > 0x7fn) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    this.#bytes.push(Number(v))
  }

  #tag(field: number, wire: number): void {
    this.#varint(BigInt((field << 3) | wire))
  }

  #raw(bytes: Uint8Array): void {
    this.#flush()
    this.#chunks.push(bytes)
    this.#length += bytes.length
  }

  /** int32/int64/uint32/uint64/enum/bool (negative int64 as two's complement, as protobuf does). */
  varint(field: number, value: number | bigint, always = false): this {
    const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(value))
    if (v === 0n && !always) return this
    this.#tag(field, WIRE_VARINT)
    this.#varint(v)
    return this
  }

  fixed64(field: number, value: bigint): this {
    if (value === 0n) return this
    this.#tag(field, WIRE_FIXED64)
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true)
    this.#bytes.push(...b)
    return this
  }

  fixed32(field: number, value: number): this {
    if (value === 0) return this
    this.#tag(field, WIRE_FIXED32)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, value >>> 0, true)
    this.#bytes.push(...b)
    return this
  }

  double(field: number, value: number, always = false): this {
    if (Object.is(value, 0) && !always) return this
    this.#tag(field, WIRE_FIXED64)
    const b = new Uint8Array(8)
    new DataView(b.buffer).setFloat64(0, value, true)
    this.#bytes.push(...b)
    return this
  }

  /** `always`: written even when empty (a oneof member that is set, e.g. AnyValue's stringValue ""). */
  bytes(field: number, value: Uint8Array, always = false): this {
    if (value.length === 0 && !always) return this
    this.#tag(field, WIRE_LEN)
    this.#varint(BigInt(value.length))
    this.#raw(value)
    return this
  }

  string(field: number, value: string, always = false): this {
    return value === '' && !always ? this : this.bytes(field, encoder.encode(value), always)
  }

  /** A nested message, written even when empty when `always` (a present but empty value still means something). */
  message(field: number, build: (w: ProtoWriter) => void, always = false): this {
    const inner = new ProtoWriter()
    build(inner)
    const bytes = inner.finish()
    if (bytes.length === 0 && !always) return this
    this.#tag(field, WIRE_LEN)
    this.#varint(BigInt(bytes.length))
    this.#raw(bytes)
    return this
  }

  finish(): Uint8Array {
    this.#flush()
    if (this.#chunks.length === 1) return this.#chunks[0]!
    const out = new Uint8Array(this.#length)
    let at = 0
    for (const chunk of this.#chunks) {
      out.set(chunk, at)
      at += chunk.length
    }
    return out
  }
}
