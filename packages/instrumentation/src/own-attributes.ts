// Attributes this package builds itself — a handful of strings and numbers,
// valid by construction — go straight into an SDK span's attribute map. The
// SDK validates every attribute value with a fresh WeakSet (twice per value in
// startSpan): measured at a quarter of a span's cost, for values that cannot
// be invalid. Any other span (non-recording, another SDK) gets setAttributes.
import type { Attributes, Span } from '@opentelemetry/api'

/**
 * Fills a span's attributes through `fill(into, a, b)`: straight into an SDK
 * span's map, or into a new object handed to setAttributes for any other
 * span. (Arguments rather than a closure: this runs once per request.)
 */
export function fillOwnAttributes<A, B>(span: Span, fill: (into: Attributes, a: A, b: B) => void, a: A, b: B): void {
  const map = (span as { attributes?: unknown }).attributes
  if (span.isRecording() && typeof map === 'object' && map !== null && !Object.isFrozen(map))
    fill(map as Attributes, a, b)
  else {
    const attributes: Attributes = {}
    fill(attributes, a, b)
    span.setAttributes(attributes)
  }
}

export function addOwnAttributes(span: Span, attributes: Attributes): void {
  const map = (span as { attributes?: unknown }).attributes
  if (span.isRecording() && typeof map === 'object' && map !== null && !Object.isFrozen(map))
    Object.assign(map, attributes)
  else span.setAttributes(attributes)
}

export function addOwnAttribute(span: Span, key: string, value: string | number): void {
  const map = (span as { attributes?: unknown }).attributes
  if (span.isRecording() && typeof map === 'object' && map !== null && !Object.isFrozen(map))
    (map as Attributes)[key] = value
  else span.setAttribute(key, value)
}
