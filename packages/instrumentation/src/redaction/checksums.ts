// Checksums that separate real card numbers and IBANs from ordinary digits.

/** Luhn (mod 10) over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** ISO 13616 IBAN check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function passesIbanMod97(iban: string): boolean {
  const compact = iban.replace(/ /g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false
  const rearranged = compact.slice(4) + compact.slice(0, 4)
  let remainder = 0
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0)
    const value = code >= 65 ? String(code - 55) : ch
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97
  }
  return remainder === 1
}

/** Spanish DNI / NIE: the letter is the number mod 23 in a fixed alphabet (NIE: X, Y, Z stand for 0, 1, 2). */
export function passesDniLetter(id: string): boolean {
  const compact = id.replace('-', '').toUpperCase()
  const digits = compact.slice(0, -1).replace(/^[XYZ]/, (c) => String('XYZ'.indexOf(c)))
  if (!/^\d{8}$/.test(digits)) return false
  return 'TRWAGMYFPDXBNJZSQVHLCKE'[Number(digits) % 23] === compact.at(-1)
}

/** Brazilian CPF: two mod-11 check digits; a number of one repeated digit is never valid. */
export function passesCpf(cpf: string): boolean {
  const d = cpf.replace(/\D/g, '')
  if (d.length !== 11 || /^(\d)\1{10}$/.test(d)) return false
  const check = (length: number): number => {
    let sum = 0
    for (let i = 0; i < length; i++) sum += (d.charCodeAt(i) - 48) * (length + 1 - i)
    const r = (sum * 10) % 11
    return r === 10 ? 0 : r
  }
  return check(9) === d.charCodeAt(9) - 48 && check(10) === d.charCodeAt(10) - 48
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]

/** Verhoeff check (India's Aadhaar numbers carry one): catches every single-digit error and transposition. */
export function passesVerhoeff(number: string): boolean {
  const d = number.replace(/\D/g, '')
  let c = 0
  for (let i = 0; i < d.length; i++) c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![d.charCodeAt(d.length - 1 - i) - 48]!]!
  return c === 0
}

/** French NIR (social security number): the last two digits are 97 − (the first 13 mod 97); Corsica's 2A/2B count as 19/18. */
export function passesNirKey(nir: string): boolean {
  const compact = nir.replace(/ /g, '').toUpperCase()
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(compact)) return false
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18')
  return 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13))
}
