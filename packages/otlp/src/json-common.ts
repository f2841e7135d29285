// OTLP/JSON (protobuf JSON mapping): hex ids, enums as integers, int64 as
// strings (numbers accepted), unknown fields ignored. Shared by traces and logs.
import { Int64, valueToString, type RawValue } from './attribute-value.ts'
import { OtlpDecodeError, type DecodeLimits } from './decode-error.ts'
import type { Attributes } from './rows.ts'

export type Json = Record<string, unknown>

export function parseJsonBody(body: Uint8Array | string): Json {
  let text: string
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body)
    // A byte-order mark is not JSON, but editors and some clients write one: read past it.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  } catch {
    throw new OtlpDecodeError('OTLP/JSON body is not valid UTF-8')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new OtlpDecodeError(`OTLP/JSON body is not valid JSON: ${(err as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new OtlpDecodeError('OTLP/JSON body must be a JSON object')
  return parsed as Json
}

export function list(value: unknown, what: string): Json[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${what} must be an array`)
  for (const [i, item] of value.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new OtlpDecodeError(
        `${what}[${i}] must be an object, got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`,
      )
  }
  return value as Json[]
}

export function str(value: unknown, what: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new OtlpDecodeError(`${what} must be a string, got ${typeof value}`)
  // A \ud800 escape is valid JSON but not text: it cannot be stored as UTF-8.
  if (!value.isWellFormed())
    throw new OtlpDecodeError(
      `${what} holds a lone UTF-16 surrogate escape (\\ud800–\\udfff unpaired), which is not valid Unicode text`,
    )
  return value
}

export function int(value: unknown, what: string): number {
  if (value === undefined || value === null) return 0
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new OtlpDecodeError(`${what} must be an integer, got ${JSON.stringify(value)}`)
  return n
}

/** A fixed64 nanosecond time: a decimal string (exact) or a number (exact below 2^53). */
export function nanos(value: unknown, what: string): bigint {
  if (value === undefined || value === null) return 0n
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value)
  throw new OtlpDecodeError(`${what} must be unsigned nanoseconds as a decimal string, got ${JSON.stringify(value)}`)
}

/** A trace or span id in hex; empty when absent. */
export function hexId(value: unknown, bytes: number, what: string): string {
  const text = str(value, what)
  if (text === '') return ''
  if (text.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(text))
    throw new OtlpDecodeError(`${what} must be ${bytes * 2} hex characters, got ${JSON.stringify(text.slice(0, 40))}`)
  return text.toLowerCase()
}

function anyValue(value: unknown, limits: Required<DecodeLimits>, depth: number): RawValue {
  if (depth > limits.maxValueDepth)
    throw new OtlpDecodeError(`attribute value nested deeper than ${limits.maxValueDepth} levels`)
  if (value === null || typeof value !== 'object') return null
  const v = value as Json
  if ('stringValue' in v) return str(v['stringValue'], 'stringValue')
  if ('boolValue' in v) return v['boolValue'] === true
  if ('intValue' in v) {
    const raw = v['intValue']
    if (typeof raw === 'number' && Number.isInteger(raw)) return new Int64(String(raw))
    if (typeof raw === 'string' && /^-?\d{1,20}$/.test(raw)) return new Int64(BigInt.asIntN(64, BigInt(raw)).toString())
    throw new OtlpDecodeError(`intValue must be an integer or a decimal string, got ${JSON.stringify(raw)}`)
  }
  if ('doubleValue' in v) {
    const raw = v['doubleValue']
    if (typeof raw === 'number') return raw
    if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw)
    throw new OtlpDecodeError(`doubleValue must be a number, got ${JSON.stringify(raw)}`)
  }
  if ('bytesValue' in v) return Buffer.from(str(v['bytesValue'], 'bytesValue'), 'base64')
  if ('arrayValue' in v) {
    const values = list((v['arrayValue'] as Json | null)?.['values'], 'arrayValue.values')
    if (values.length > limits.maxAttributes)
      throw new OtlpDecodeError(`array attribute value with more than ${limits.maxAttributes} elements`)
    return values.map((item) => anyValue(item, limits, depth + 1))
  }
  if ('kvlistValue' in v) {
    const values = list((v['kvlistValue'] as Json | null)?.['values'], 'kvlistValue.values')
    if (values.length > limits.maxAttributes)
      throw new OtlpDecodeError(`map attribute value with more than ${limits.maxAttributes} entries`)
    const out: { [key: string]: RawValue } = {}
    for (const kv of values) out[str(kv['key'], 'key')] = anyValue(kv['value'], limits, depth + 1)
    return out
  }
  return null
}

export function anyValueString(value: unknown, limits: Required<DecodeLimits>): string {
  return valueToString(anyValue(value, limits, 0))
}

export function attributes(value: unknown, limits: Required<DecodeLimits>, owner: string): Attributes {
  const items = list(value, `${owner} attributes`)
  if (items.length > limits.maxAttributes)
    throw new OtlpDecodeError(`${owner} has more than ${limits.maxAttributes} attributes`)
  const out: Attributes = {}
  for (const kv of items) out[str(kv['key'], 'attribute key')] = anyValueString(kv['value'], limits)
  return out
}
