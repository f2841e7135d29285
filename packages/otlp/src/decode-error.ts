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
