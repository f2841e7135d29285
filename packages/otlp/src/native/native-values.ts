// Values both the span and the log columns write: a String's pre-encoded
// bytes for values many rows repeat, a Map in JSON.stringify's key order (what
// the JSONEachRow path sends), and a scanned AnyValue or attribute list
// (field-scan.ts) as the Strings valueToString gives.
import { formatDouble } from '../attribute-value.ts'
import { type FieldScan, VALUE_BOOL, VALUE_INT, VALUE_NONE, VALUE_STRING } from '../field-scan.ts'
import type { Attributes } from '../rows.ts'
import { ByteStream, Lengths } from './native-streams.ts'

/** A String value's bytes in a stream (length prefix included). */
export function stringValue(text: string): Buffer {
  const stream = new ByteStream(text.length * 3 + 10)
  stream.text(text)
  return Buffer.from(stream.bytes)
}

const TRUE = stringValue('true')
const FALSE = stringValue('false')

/** A Map value: its entry count, then its keys and values in Object.keys order. */
export function writeMap(map: Attributes, counts: Lengths, keys: ByteStream, values: ByteStream): void {
  let count = 0
  for (const key of Object.keys(map)) {
    keys.text(key)
    values.text(map[key]!)
    count++
  }
  counts.push(count)
}

/** A Map value encoded once for the many rows that repeat it (a resource's, a scope's attributes). */
export interface EncodedMap {
  readonly count: number
  readonly keys: Buffer
  readonly values: Buffer
}

export function encodedMap(map: Attributes): EncodedMap {
  const counts = new Lengths()
  const keys = new ByteStream()
  const values = new ByteStream()
  writeMap(map, counts, keys, values)
  return { count: counts.counts[0]!, keys: Buffer.from(keys.bytes), values: Buffer.from(values.bytes) }
}

/** One row's Map value, encoded before. */
export function writeEncodedMap(map: EncodedMap, counts: Lengths, keys: ByteStream, values: ByteStream): void {
  counts.push(map.count)
  keys.raw(map.keys)
  values.raw(map.values)
}

/** A scanned AnyValue as the String of valueToString(value). */
export function writeScannedValue(
  out: ByteStream,
  src: Uint8Array,
  kind: number,
  value1: number,
  value2: number,
): void {
  if (kind === VALUE_STRING) out.string(src, value1, value2)
  else if (kind === VALUE_NONE) out.varUInt(0)
  else if (kind === VALUE_BOOL) out.raw(value1 ? TRUE : FALSE)
  else if (kind === VALUE_INT) out.text(String(value1))
  else out.text(formatDouble(value1))
}

/** A scanned record's attributes as one Map value. */
export function writeScannedAttributes(scan: FieldScan, counts: Lengths, keys: ByteStream, values: ByteStream): void {
  const a = scan.attributes
  const src = scan.src
  for (let i = 0; i < scan.attributeCount; i++) {
    const at = i * 5
    keys.string(src, a[at]!, a[at + 1]!)
    writeScannedValue(values, src, a[at + 2]!, a[at + 3]!, a[at + 4]!)
  }
  counts.push(scan.attributeCount)
}
