// Where an ordinary LogRecord message keeps its fields: times, severity, a
// body holding a string, boolean, small integer or double, flags, ids, and
// attributes (field-scan.ts) — read in place, for the JSONEachRow writer.
// read() says false for anything it does not handle exactly as the decoder's
// decodeLogRecord would; the caller then takes the decoder's path.
import { FieldScan, VALUE_NONE } from './field-scan.ts'
import { plainUtf8 } from './json-bytes.ts'
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'

const LEN = (field: number): number => (field << 3) | WIRE_LEN

export class LogScan extends FieldScan {
  time = 0n
  observed = 0n
  severityNumber = 0
  severityTextStart = 0
  severityTextEnd = 0
  bodyKind = VALUE_NONE
  body1 = 0
  body2 = 0
  flags = 0
  traceIdStart = 0
  traceIdEnd = 0
  spanIdStart = 0
  spanIdEnd = 0

  /** Scans the LogRecord message in src[from, to); false when the decoder's path must take it. */
  read(src: Uint8Array, from: number, to: number): boolean {
    this.src = src
    this.pos = from
    this.time = 0n
    this.observed = 0n
    this.severityNumber = 0
    this.severityTextStart = this.severityTextEnd = 0
    this.bodyKind = VALUE_NONE
    this.body1 = this.body2 = 0
    this.flags = 0
    this.traceIdStart = this.traceIdEnd = this.spanIdStart = this.spanIdEnd = 0
    this.attributeCount = 0
    while (this.pos < to) {
      const tag = this.varint(to)
      if (tag < 0) return false
      if (tag === ((1 << 3) | WIRE_FIXED64) || tag === ((11 << 3) | WIRE_FIXED64)) {
        if (this.pos + 8 > to) return false
        if (tag === ((1 << 3) | WIRE_FIXED64)) this.time = this.fixed64()
        else this.observed = this.fixed64()
      } else if (tag === ((2 << 3) | WIRE_VARINT)) {
        this.severityNumber = this.varint(to)
        if (this.severityNumber < 0) return false
      } else if (tag === LEN(3)) {
        const length = this.length(to)
        if (length < 0 || !plainUtf8(src, this.pos, this.pos + length)) return false
        this.severityTextStart = this.pos
        this.severityTextEnd = this.pos += length
      } else if (tag === LEN(5)) {
        const length = this.length(to)
        if (length < 0 || !this.anyValue(this.pos + length)) return false
        this.bodyKind = this.valueKind
        this.body1 = this.value1
        this.body2 = this.value2
      } else if (tag === LEN(6)) {
        const length = this.length(to)
        if (length < 0 || !this.keyValue(this.pos + length)) return false
      } else if (tag === ((8 << 3) | WIRE_FIXED32)) {
        if (this.pos + 4 > to) return false
        const s = this.src
        const p = this.pos
        this.flags = (s[p]! | (s[p + 1]! << 8) | (s[p + 2]! << 16)) + s[p + 3]! * 0x1000000
        this.pos += 4
      } else if (tag === LEN(9) || tag === LEN(10)) {
        const length = this.length(to)
        if (length < 0 || (length !== 0 && length !== (tag === LEN(9) ? 16 : 8))) return false
        if (tag === LEN(9)) {
          this.traceIdStart = this.pos
          this.traceIdEnd = this.pos += length
        } else {
          this.spanIdStart = this.pos
          this.spanIdEnd = this.pos += length
        }
      } else if (!this.skip(tag & 7, to)) return false
    }
    return true
  }
}
