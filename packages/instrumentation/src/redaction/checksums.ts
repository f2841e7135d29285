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

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48

/** China's resident identity number: ISO 7064 MOD 11-2 over the first 17 digits gives the last (10 is X). */
export function passesChineseIdCheck(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += digitAt(id, i) * weights[i]!
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase()
}

// Italy's codice fiscale: characters in odd positions (1st, 3rd…) count by this table, in even ones by their
// value (digits 0–9, letters 0–25); the sum mod 26 is the last letter.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
const cfValue = (c: number): number => (c <= 57 ? c - 48 : c - 65)

export function passesCodiceFiscale(cf: string): boolean {
  const upper = cf.toUpperCase()
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const value = cfValue(upper.charCodeAt(i))
    sum += i % 2 === 0 ? CF_ODD[value]! : value
  }
  return String.fromCharCode(65 + (sum % 26)) === upper[15]
}

/** Mexico's CURP: the 18th character is 10 − (Σ value × (18 − position)) mod 10 over the first 17. */
export function passesCurp(curp: string): boolean {
  const alphabet = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(curp[i]!) * (18 - i)
  return (10 - (sum % 10)) % 10 === digitAt(curp, 17)
}

/** Singapore's NRIC / FIN (S, T, F, G): weighted digits, plus 4 for T and G, mod 11 picks the letter. */
export function passesNric(nric: string): boolean {
  const weights = [2, 7, 6, 5, 4, 3, 2]
  const prefix = nric[0]
  let sum = prefix === 'T' || prefix === 'G' ? 4 : 0
  for (let i = 0; i < 7; i++) sum += digitAt(nric, i + 1) * weights[i]!
  const letters = prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK'
  return letters[sum % 11] === nric[8]
}

/** South Korea's resident registration number (YYMMDD-SNNNNNC): weights 2–9, 2–5, check (11 − sum mod 11) mod 10. */
export function passesKoreanRrn(rrn: string): boolean {
  const d = rrn.replace('-', '')
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
  let sum = 0
  for (let i = 0; i < 12; i++) sum += digitAt(d, i) * weights[i]!
  return (11 - (sum % 11)) % 10 === digitAt(d, 12)
}

/** Luhn over the digits of a formatted number (Canada's SIN, Sweden's personnummer). */
export function passesLuhnOfDigits(formatted: string): boolean {
  return passesLuhn(formatted.replace(/\D/g, ''))
}

/** Finland's personal identity code (DDMMYY, century sign, NNN, check): the nine digits mod 31 pick the check character. */
export function passesFinnishPic(pic: string): boolean {
  const number = Number(pic.slice(0, 6) + pic.slice(7, 10))
  return '0123456789ABCDEFHJKLMNPRSTUVWXY'[number % 31] === pic[10]
}
