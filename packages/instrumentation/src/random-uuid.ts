// Version-4 UUIDs for correlation ids, one per first-hop request. Node's
// crypto.randomUUID builds its string from twenty concatenations (~380 bytes
// of intermediate strings per id, measured with the sampling heap profiler in
// the http overhead bench); this writes the 36 characters into one scratch
// buffer and makes a single string. The randomness is the same kind: bytes
// from crypto.randomFillSync, drawn ahead in a pool as Node's own does.
import { randomFillSync } from 'node:crypto'

const POOL_BYTES = 4096
const pool = Buffer.allocUnsafe(POOL_BYTES)
let used = POOL_BYTES
const text = Buffer.allocUnsafe(36)
const HEX = Buffer.from('0123456789abcdef', 'latin1')

export function randomUuid(): string {
  if (used + 16 > POOL_BYTES) {
    randomFillSync(pool)
    used = 0
  }
  let at = 0
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 45 // '-'
    let byte = pool[used + i]!
    if (i === 6)
      byte = (byte & 0x0f) | 0x40 // version 4
    else if (i === 8) byte = (byte & 0x3f) | 0x80 // RFC 4122 variant
    text[at++] = HEX[byte >> 4]!
    text[at++] = HEX[byte & 15]!
  }
  // The bytes are used once: a pool never hands out the same id twice.
  used += 16
  return text.toString('latin1', 0, 36)
}
