// National identity numbers: the check digits on published examples, and the
// patterns on the shapes people write them in — a number of the same shape
// whose check fails stays readable.
import { describe, expect, it } from 'vitest'
import { passesCpf, passesDniLetter, passesNirKey, passesVerhoeff } from '../src/redaction/checksums.ts'
import { createRedactor } from '../src/redaction/redactor.ts'

const redact = createRedactor().string

describe('national id checks', () => {
  it('Spanish DNI and NIE letters', () => {
    expect(passesDniLetter('12345678Z')).toBe(true)
    expect(passesDniLetter('12345678-Z')).toBe(true)
    expect(passesDniLetter('12345678A')).toBe(false)
    expect(passesDniLetter('X1234567L')).toBe(true) // X stands for 0
    expect(passesDniLetter('X1234567T')).toBe(false)
  })

  it('Brazilian CPF check digits', () => {
    expect(passesCpf('529.982.247-25')).toBe(true)
    expect(passesCpf('529.982.247-26')).toBe(false)
    expect(passesCpf('111.111.111-11')).toBe(false) // one repeated digit is never issued
  })

  it('Verhoeff (Aadhaar)', () => {
    expect(passesVerhoeff('2363')).toBe(true) // the textbook example: 236 → check digit 3
    expect(passesVerhoeff('2364')).toBe(false)
    expect(passesVerhoeff('2633')).toBe(false) // a transposition is caught
  })

  it('French NIR key', () => {
    expect(passesNirKey('2 55 08 14 168 025 38')).toBe(true)
    expect(passesNirKey('255081416802538')).toBe(true)
    expect(passesNirKey('2 55 08 14 168 025 39')).toBe(false)
    expect(passesNirKey('1 85 05 2A 006 084 35')).toBe(true) // Corsica: 2A counts as 19
  })
})

describe('national id patterns', () => {
  it.each([
    ['uk-nino', 'NI number AB 12 34 56 C on file', 'AB 12 34 56 C'],
    ['uk-nino', 'nino=AB123456D', 'AB123456D'],
    ['es-dni', 'DNI 12345678Z verified', '12345678Z'],
    ['es-dni', 'NIE X1234567L', 'X1234567L'],
    ['br-cpf', 'cpf 529.982.247-25 blocked', '529.982.247-25'],
    ['in-pan', 'PAN ABCPE1234F linked', 'ABCPE1234F'],
    ['fr-nir', 'NIR 2 55 08 14 168 025 38', '2 55 08 14 168 025 38'],
  ])('%s: %s', (family, text, secret) => {
    const out = redact(text)
    expect(out).not.toContain(secret)
    expect(out).toContain(`[REDACTED:${family}]`)
  })

  it('leaves numbers of the same shape whose check fails, and NI numbers with prefixes never issued', () => {
    const ticket = ['2345 6789 0123', '2345 6789 0124'].find((n) => !passesVerhoeff(n))!
    for (const text of [
      'order 12345678A shipped',
      'ref 529.982.247-26',
      `ticket ${ticket} opened`,
      'batch 2 55 08 14 168 025 39',
      'sample QQ 12 34 56 C', // HMRC's documentation example: Q is never a first letter
    ])
      expect(redact(text), text).toBe(text)
  })
})
