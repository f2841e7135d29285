// Identifiers that are never secrets and must never be touched: UUIDs
// (8-4-4-4-12 hex) and hex ids with at least one letter a–f at the lengths of
// span ids, trace ids and SHA-1/SHA-256 hashes. Recognised before any pattern
// runs — a UUID's digit groups would otherwise wake the card, SSN and phone
// patterns on every correlation id. An all-digit string of those lengths is
// NOT treated as an id: a 16-digit string may be a card number.

const HEX_ID_LENGTHS = new Set([16, 32, 40, 64])

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

export function isOpaqueId(text: string): boolean {
  const n = text.length
  if (n === 36) {
    for (let i = 0; i < 36; i++) {
      const c = text.charCodeAt(i)
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (c !== 45) return false
      } else if (!isHex(c)) return false
    }
    return true
  }
  if (!HEX_ID_LENGTHS.has(n)) return false
  let letter = false
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (!isHex(c)) return false
    if (c > 57) letter = true
  }
  return letter
}
