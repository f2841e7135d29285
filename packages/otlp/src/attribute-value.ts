// AnyValue → the string the Collector's ClickHouse exporter stores
// (pcommon.Value.AsString): strings as is, booleans `true`/`false`, ints in
// decimal, doubles without exponent, bytes as base64, arrays and maps as JSON.

/** A decoded AnyValue. int64 values are kept as decimal strings to stay exact. */
export type RawValue = string | boolean | number | Int64 | Uint8Array | RawValue[] | { [key: string]: RawValue } | null

/** An int64 kept as its decimal text. */
export class Int64 {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf'
  const text = String(value)
  if (!text.includes('e')) return text
  const [mantissa = '', exponentText = '0'] = text.split('e')
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const pointAt =
    (mantissa.replace('-', '').indexOf('.') === -1
      ? mantissa.replace('-', '').length
      : mantissa.replace('-', '').indexOf('.')) + exponent
  const body =
    pointAt <= 0
      ? `0.${'0'.repeat(-pointAt)}${digits}`
      : pointAt >= digits.length
        ? digits + '0'.repeat(pointAt - digits.length)
        : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`
  return negative ? `-${body}` : body
}

function toJson(value: RawValue): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number')
    return Number.isFinite(value) ? formatDouble(value) : JSON.stringify(formatDouble(value))
  if (value instanceof Int64) return value.text
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'))
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
    .join(',')}}`
}

export function valueToString(value: RawValue): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return formatDouble(value)
  if (value instanceof Int64) return value.text
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return toJson(value)
}
