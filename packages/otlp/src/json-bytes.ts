// A growable byte buffer that JSON text is written into straight from
// protobuf bytes: a UTF-8 string field is copied with JSON's escapes applied
// to its bytes, never decoded into a JavaScript string. The escapes are
// exactly JSON.stringify's for well-formed text (`"` `\` and the C0 controls;
// nothing else), so the bytes equal Buffer.from(JSON.stringify(decoded)).
import { isUtf8 } from 'node:buffer'

const HEX_DIGITS = '0123456789abcdef'
/** The escape JSON.stringify writes for each byte below 0x20 and for `"` and `\`; empty where none. */
const ESCAPES: Uint8Array[] = Array.from({ length: 256 }, (_, byte) => {
  if (byte === 0x22) return Buffer.from('\\"')
  if (byte === 0x5c) return Buffer.from('\\\\')
  if (byte >= 0x20) return new Uint8Array(0)
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' }
  return Buffer.from(short[byte] ?? `\\u00${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`)
})
const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => [
  HEX_DIGITS.charCodeAt(i >> 4),
  HEX_DIGITS.charCodeAt(i & 15),
]) as [number, number][]

/**
 * True when bytes [start, end) decode as the string reader would decode them
 * and copy back unchanged: valid UTF-8 not starting with a byte-order mark
 * (the strict decoder drops a leading one).
 */
export function plainUtf8(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (src[i]! >= 0x80) {
      if (end - start >= 3 && src[start] === 0xef && src[start + 1] === 0xbb && src[start + 2] === 0xbf) return false
      return isUtf8(src.subarray(start, end))
    }
  }
  return true
}

/** The most bytes a string field of `length` bytes takes as JSON (quotes, every byte a \u00XX escape). */
export const jsonStringBound = (length: number): number => 2 + 6 * length

export class JsonBytes {
  #buf: Buffer
  #at = 0

  constructor(initialBytes: number) {
    this.#buf = Buffer.allocUnsafe(Math.max(1024, initialBytes))
  }

  /** Makes room for `bytes` more (every write does for itself; a caller may reserve a whole line at once). */
  ensure(bytes: number): void {
    if (this.#at + bytes <= this.#buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#at + bytes))
    this.#buf.copy(grown, 0, 0, this.#at)
    this.#buf = grown
  }

  get length(): number {
    return this.#at
  }

  /** Forgets everything written after `length` (a span that turned out unusual is written again another way). */
  truncate(length: number): void {
    this.#at = length
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.#buf.set(bytes, this.#at)
    this.#at += bytes.length
  }

  /** An ASCII JavaScript string as is (hex ids, timestamps, numbers). */
  ascii(text: string): void {
    this.ensure(text.length)
    const buf = this.#buf
    let at = this.#at
    for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i)
    this.#at = at
  }

  /** Any JavaScript string as UTF-8, as is (already JSON). */
  text(json: string): void {
    this.ensure(Buffer.byteLength(json))
    this.#at += this.#buf.write(json, this.#at)
  }

  /** A quoted JSON string from UTF-8 bytes that passed plainUtf8. */
  string(src: Uint8Array, start: number, end: number): void {
    this.ensure(jsonStringBound(end - start))
    const buf = this.#buf
    let at = this.#at
    buf[at++] = 0x22
    for (let i = start; i < end; i++) {
      const byte = src[i]!
      if (byte >= 0x20 && byte !== 0x22 && byte !== 0x5c) buf[at++] = byte
      else {
        const escaped = ESCAPES[byte]!
        buf.set(escaped, at)
        at += escaped.length
      }
    }
    buf[at++] = 0x22
    this.#at = at
  }

  /** Lowercase hex of bytes [start, end), unquoted. */
  hex(src: Uint8Array, start: number, end: number): void {
    this.ensure(2 * (end - start))
    const buf = this.#buf
    let at = this.#at
    for (let i = start; i < end; i++) {
      const [high, low] = HEX_PAIRS[src[i]!]!
      buf[at++] = high
      buf[at++] = low
    }
    this.#at = at
  }

  /** What was written, copied out. */
  take(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#at))
  }
}
