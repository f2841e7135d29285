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
}

export const DEFAULT_LIMITS: Required<DecodeLimits> = { maxAttributes: 1024, maxValueDepth: 16, maxEventsPerSpan: 1024 }
