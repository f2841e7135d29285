/** Raised for input that is not a valid OTLP message; the message says where and what. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError'
}

/** Bounds on one message, so absurd input is refused before it costs memory. */
export interface DecodeLimits {
  /** Attributes per span, event, link, resource, scope or log record. @default 1024 */
  maxAttributes?: number
  /** Nesting depth of array/kvlist attribute values. @default 16 */
  maxValueDepth?: number
  /** Events and links per span. @default 1024 */
  maxEventsPerSpan?: number
  /**
   * Spans or log records per message. SDKs send ≤ 512 and Collectors a few
   * thousand; a small gzip body can inflate to hundreds of thousands of
   * minimal spans, which would cost gigabytes once decoded. @default 50,000
   */
  maxRecords?: number
}

export const DEFAULT_LIMITS: Required<DecodeLimits> = {
  maxAttributes: 1024,
  maxValueDepth: 16,
  maxEventsPerSpan: 1024,
  maxRecords: 50_000,
}

/** Throws once a message holds more records than the limit allows. */
export function checkRecordCount(count: number, lim: Required<DecodeLimits>, what: 'spans' | 'log records'): void {
  if (count > lim.maxRecords)
    throw new OtlpDecodeError(
      `more than ${lim.maxRecords} ${what} in one request: send smaller batches (an SDK's default batch is 512)`,
    )
}

/**
 * Refuses a JSON body that plainly holds more records than the limit, before
 * it is parsed: counts a key every record of this kind carries at most once
 * (a span's `"startTimeUnixNano"`, a log record's `"timeUnixNano"` or
 * `"observedTimeUnixNano"`), stopping past the limit. The count never exceeds
 * the records (an escaped key inside a string value is `\"…\"`, not
 * matched), so nothing within the limit is refused; a body that hides its
 * keys behind escapes is still refused by the count after parsing.
 */
export function precheckJsonRecordCount(
  body: Uint8Array | string,
  keys: readonly string[],
  lim: Required<DecodeLimits>,
  what: 'spans' | 'log records',
): void {
  for (const key of keys) {
    const needle = `"${key}"`
    const find: (from: number) => number =
      typeof body === 'string'
        ? (from) => body.indexOf(needle, from)
        : (() => {
            const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
            const pattern = Buffer.from(needle)
            return (from: number) => bytes.indexOf(pattern, from)
          })()
    let count = 0
    for (let at = find(0); at !== -1 && count <= lim.maxRecords; at = find(at + needle.length)) count++
    checkRecordCount(count, lim, what)
  }
}
