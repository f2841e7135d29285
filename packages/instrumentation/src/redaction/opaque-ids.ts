// Identifiers that are never secrets and must never be touched: UUIDs
// (8-4-4-4-12 hex) and hex ids with at least one letter a–f at the lengths of
// span ids, trace ids and SHA-1/SHA-256 hashes, and ISO-8601 dates and
// timestamps standing alone. Recognised before any pattern
// runs — a UUID's digit groups would otherwise wake the card, SSN and phone
// patterns on every correlation id. An all-digit string of those lengths is
// NOT treated as an id: a 16-digit string may be a card number.

const HEX_ID_LENGTHS = new Set([16, 32, 36, 40, 64])
// One regexp pass, only for strings of those lengths (measured faster than a character loop here).
const OPAQUE =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9]*[a-fA-F])[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16}(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{32})?)?)$/

/** An ISO-8601 date or timestamp, alone (`2026-11-27`, `2026-11-27T05:40:31.120Z`, `… 05:40:31+01:00`). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/

export function isOpaqueId(text: string): boolean {
  if (HEX_ID_LENGTHS.has(text.length) && OPAQUE.test(text)) return true
  // A timestamp's digit groups would wake the phone and id patterns on every line that logs a time.
  return text.length >= 10 && text.length <= 35 && text.charCodeAt(4) === 45 && ISO_TIME.test(text)
}
