// Should phone numbers be told from ordinary numbers by libphonenumber-js
// (Google's metadata) instead of our pattern? Measured on the corpus's phone
// families and look-alikes, same run: how many of each the library accepts
// as valid / finds in text, what our redactor catches, and the cost per call
// against a log line's budget (~6 µs per line at 157k lines/s).
//   node bench/phone-library.ts
import { performance } from 'node:perf_hooks'
import { findPhoneNumbersInText, isValidPhoneNumber, type CountryCode } from 'libphonenumber-js'
import { createRedactor } from '../src/index.ts'

let seed = 42
const r = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')
const N = 2000

// The corpus's families (test/support/redaction-corpus.ts) and the shapes test-data generators write.
const families: [string, CountryCode, () => string][] = [
  ['E.164 +1 415', 'US', () => `+1415${digits(7)}`],
  ['+44 7… mobile', 'GB', () => `+44 7${digits(3)} ${digits(6)}`],
  [
    'US (NXX) NXX-XXXX',
    'US',
    () => `(${200 + Math.floor(r() * 700)}) ${200 + Math.floor(r() * 700)}-${1000 + Math.floor(r() * 8999)}`,
  ],
  ['UK national 020', 'GB', () => `020 7${digits(3)} ${digits(4)}`],
  ['+1 (555) fiction', 'US', () => `+1 (555) ${digits(3)}-${digits(4)}`],
]
const lookAlikes = [
  `ORD-2026-${digits(6)}`,
  `INV ${digits(4)} ${digits(4)}`,
  `978-1-${digits(3)}-${digits(5)}-1`,
  '1732643103',
]

const redactor = createRedactor()
const caught = (value: string): boolean => !redactor.string(`call ${value} today`).includes(value)
const pct = (n: number): string => `${((n / N) * 100).toFixed(1)} %`.padStart(8)
console.log('family                 library valid   library finds in text   our pattern')
for (const [name, country, make] of families) {
  let valid = 0
  let found = 0
  let ours = 0
  for (let i = 0; i < N; i++) {
    const v = make()
    if (isValidPhoneNumber(v, country)) valid++
    if (findPhoneNumbersInText(`call ${v} today`, country).length > 0) found++
    if (caught(v)) ours++
  }
  console.log(`${name.padEnd(22)} ${pct(valid)}        ${pct(found)}              ${pct(ours)}`)
}
for (const v of lookAlikes)
  console.log(
    `look-alike ${v.padEnd(22)} library finds: ${
      findPhoneNumbersInText(`ref ${v} ok`, 'US')
        .map((m) => m.number.number)
        .join(', ') || '—'
    }   ours redacts: ${caught(v)}`,
  )

const candidates = Array.from({ length: 10_000 }, () => `+44 7${digits(3)} ${digits(6)}`)
let t = performance.now()
for (const c of candidates) isValidPhoneNumber(c)
const validUs = ((performance.now() - t) * 1000) / candidates.length
const lines = Array.from(
  { length: 5000 },
  () => `user ${digits(4)} paid ${digits(3)}.${digits(2)} for order ORD-2026-${digits(6)} at 2026-11-26T17:45:03Z`,
)
t = performance.now()
for (const l of lines) findPhoneNumbersInText(l, 'US')
const findUs = ((performance.now() - t) * 1000) / lines.length
t = performance.now()
for (const l of lines) redactor.string(l)
const oursUs = ((performance.now() - t) * 1000) / lines.length
console.log(
  `cost: isValidPhoneNumber ${validUs.toFixed(1)} µs per candidate; findPhoneNumbersInText ${findUs.toFixed(1)} µs per ordinary line vs our redactor ${oursUs.toFixed(2)} µs (${(findUs / oursUs).toFixed(0)}×)`,
)
