// Decoders for the OTLP common messages (KeyValue, AnyValue, Resource,
// InstrumentationScope) shared by traces and logs.
import { Int64, valueToString, type RawValue } from './attribute-value.ts'
import { OtlpDecodeError, type DecodeLimits } from './decode-error.ts'
import { type ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts'
import type { Attributes } from './rows.ts'

export function decodeAnyValue(r: ProtoReader, limits: Required<DecodeLimits>, depth: number): RawValue {
  if (depth > limits.maxValueDepth)
    throw new OtlpDecodeError(`attribute value nested deeper than ${limits.maxValueDepth} levels`)
  let value: RawValue = null
  while (r.pos < r.end) {
    const tag = r.varint()
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    if (field === 1 && wire === WIRE_LEN) value = r.string()
    else if (field === 2 && wire === WIRE_VARINT) value = r.varint() !== 0
    else if (field === 3 && wire === WIRE_VARINT) value = new Int64(r.int64String())
    else if (field === 4 && wire === WIRE_FIXED64) value = r.double()
    else if (field === 5 && wire === WIRE_LEN) value = decodeValueList(r.message(), limits, depth + 1)
    else if (field === 6 && wire === WIRE_LEN) value = decodeKvList(r.message(), limits, depth + 1)
    else if (field === 7 && wire === WIRE_LEN) value = r.bytes()
    else r.skip(wire)
  }
  return value
}

function decodeValueList(r: ProtoReader, limits: Required<DecodeLimits>, depth: number): RawValue[] {
  const values: RawValue[] = []
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) {
      if (values.length >= limits.maxAttributes)
        throw new OtlpDecodeError(`array attribute value with more than ${limits.maxAttributes} elements`)
      values.push(decodeAnyValue(r.message(), limits, depth))
    } else r.skip(tag & 7)
  }
  return values
}

function decodeKvList(r: ProtoReader, limits: Required<DecodeLimits>, depth: number): { [key: string]: RawValue } {
  const out: { [key: string]: RawValue } = {}
  let count = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) {
      if (++count > limits.maxAttributes)
        throw new OtlpDecodeError(`map attribute value with more than ${limits.maxAttributes} entries`)
      const [key, value] = decodeKeyValue(r.message(), limits, depth)
      out[key] = value
    } else r.skip(tag & 7)
  }
  return out
}

function decodeKeyValue(r: ProtoReader, limits: Required<DecodeLimits>, depth: number): [string, RawValue] {
  let key = ''
  let value: RawValue = null
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) key = r.string()
    else if (tag === ((2 << 3) | WIRE_LEN)) value = decodeAnyValue(r.message(), limits, depth)
    else r.skip(tag & 7)
  }
  return [key, value]
}

/** Adds one KeyValue (the reader is positioned on its body) to `into`, stringified; enforces the count limit. */
export function addAttribute(
  r: ProtoReader,
  into: Attributes,
  limits: Required<DecodeLimits>,
  count: number,
  owner: string,
): number {
  if (count >= limits.maxAttributes)
    throw new OtlpDecodeError(`${owner} has more than ${limits.maxAttributes} attributes`)
  const [key, value] = decodeKeyValue(r, limits, 0)
  into[key] = valueToString(value)
  return count + 1
}

export interface ResourceInfo {
  attributes: Attributes
  serviceName: string
}

export function decodeResource(r: ProtoReader, limits: Required<DecodeLimits>): ResourceInfo {
  const attributes: Attributes = {}
  let count = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) count = addAttribute(r.message(), attributes, limits, count, 'a resource')
    else r.skip(tag & 7)
  }
  return { attributes, serviceName: attributes['service.name'] ?? '' }
}

export interface ScopeInfo {
  name: string
  version: string
  attributes: Attributes
}

export function decodeScope(r: ProtoReader, limits: Required<DecodeLimits>): ScopeInfo {
  const scope: ScopeInfo = { name: '', version: '', attributes: {} }
  let count = 0
  while (r.pos < r.end) {
    const tag = r.varint()
    if (tag === ((1 << 3) | WIRE_LEN)) scope.name = r.string()
    else if (tag === ((2 << 3) | WIRE_LEN)) scope.version = r.string()
    else if (tag === ((3 << 3) | WIRE_LEN))
      count = addAttribute(r.message(), scope.attributes, limits, count, 'an instrumentation scope')
    else r.skip(tag & 7)
  }
  return scope
}

/** An id field must be empty or exactly `bytes` long (16 for traces, 8 for spans). */
export function idHex(bytes: Uint8Array, expected: number, what: string, toHex: (b: Uint8Array) => string): string {
  if (bytes.length === 0) return ''
  if (bytes.length !== expected) throw new OtlpDecodeError(`${what} is ${bytes.length} bytes; expected ${expected}`)
  return toHex(bytes)
}
