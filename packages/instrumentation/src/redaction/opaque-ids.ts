// Identifiers that are never secrets and must never be touched: UUIDs
// (8-4-4-4-12 hex) and hex ids with at least one letter a–f at the lengths of
// span ids, trace ids and SHA-1/SHA-256 hashes, and ISO-8601 dates and
// timestamps standing alone. Recognised before any pattern
// runs — a UUID's digit groups would otherwise wake the card, SSN and phone
// patterns on every correlation id. An all-digit string of those lengths is
// NOT treated as an id: a 16-digit string may be a card number.

/** 0 not hex, 1 a digit, 2 a letter a–f. */
const HEX = new Uint8Array(128)
for (const ch of '0123456789') HEX[ch.charCodeAt(0)] = 1
for (const ch of 'abcdefABCDEF') HEX[ch.charCodeAt(0)] = 2

/**
 * A UUID (8-4-4-4-12 hex), or a hex id of 16, 32, 40 or 64 characters with
 * at least one letter. A character loop: the regexp it replaces cost ~250 ns
 * on a correlation id, which every span and log line carries (measured).
 */
function isHexId(text: string): boolean {
  const length = text.length
  const uuid = length === 36
  if (!uuid && length !== 16 && length !== 32 && length !== 40 && length !== 64) return false
  let letters = 0
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i)
    if (uuid && (i === 8 || i === 13 || i === 18 || i === 23)) {
      if (c !== 45) return false
      continue
    }
    const kind = c < 128 ? HEX[c]! : 0
    if (kind === 0) return false
    letters |= kind & 2
  }
  return uuid || letters !== 0
}

/** An ISO-8601 date or timestamp, alone (`2026-11-27`, `2026-11-27T05:40:31.120Z`, `… 05:40:31+01:00`). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/

export function isOpaqueId(text: string): boolean {
  if (isHexId(text)) return true
  // A timestamp's digit groups would wake the phone and id patterns on every line that logs a time.
  return text.length >= 10 && text.length <= 35 && text.charCodeAt(4) === 45 && ISO_TIME.test(text)
}
