// National identity numbers: the check digits on published examples, and the
// patterns on the shapes people write them in — a number of the same shape
// whose check fails stays readable.
import { describe, expect, it } from 'vitest'
import {
  passesChineseIdCheck,
  passesCodiceFiscale,
  passesCpf,
  passesCurp,
  passesDniLetter,
  passesKoreanRrn,
  passesLuhnOfDigits,
  passesNirKey,
  passesNric,
  passesVerhoeff,
} from '../src/redaction/checksums.ts'
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

  it('Chinese resident id (ISO 7064 MOD 11-2, X for 10)', () => {
    expect(passesChineseIdCheck('11010519491231002X')).toBe(true) // the standard's own example
    expect(passesChineseIdCheck('11010519491231002x')).toBe(true)
    expect(passesChineseIdCheck('110105194912310021')).toBe(false)
  })

  it('Italian codice fiscale check letter', () => {
    expect(passesCodiceFiscale('RSSMRA85T10A562S')).toBe(true) // Mario Rossi, the usual example
    expect(passesCodiceFiscale('RSSMRA85T10A562T')).toBe(false)
  })

  it('Singapore NRIC / FIN check letter', () => {
    expect(passesNric('S1234567D')).toBe(true)
    expect(passesNric('T1234567J')).toBe(true) // T adds 4 to the sum
    expect(passesNric('S1234567A')).toBe(false)
    expect(passesNric('F1234567N')).toBe(true) // foreigners: the other letter table
  })

  it('Canadian SIN and Swedish personnummer (Luhn over the digits)', () => {
    expect(passesLuhnOfDigits('046 454 286')).toBe(true) // Service Canada's sample
    expect(passesLuhnOfDigits('046 454 287')).toBe(false)
    expect(passesLuhnOfDigits('811228-9874')).toBe(true) // Skatteverket's example
    expect(passesLuhnOfDigits('811228-9875')).toBe(false)
  })

  it('Mexican CURP and Korean RRN: one digit changed fails the check', () => {
    const withCheck = (body: string, passes: (v: string) => boolean): string[] =>
      [...'0123456789'].map((d) => body + d).filter(passes)
    for (const [body, passes] of [
      ['GOMC850101HDFRRL0', passesCurp],
      ['BADD110313HCMLNS0', passesCurp],
      ['850101-123456', passesKoreanRrn],
      ['921231-223456', passesKoreanRrn],
    ] as const) {
      expect(withCheck(body, passes), body).toHaveLength(1) // exactly one check digit completes the body
    }
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
    ['cn-resident-id', 'id 11010519491231002X verified', '11010519491231002X'],
    ['it-codice-fiscale', 'CF RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['sg-nric', 'holder S1234567D', 'S1234567D'],
    ['ca-sin', 'SIN 046 454 286 on file', '046 454 286'],
    ['ca-sin', 'employee 046-454-286 paid', '046-454-286'],
    ['se-personnummer', 'kund 811228-9874', '811228-9874'],
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
      'order 110105194912310021 shipped',
      'code RSSMRA85T10A562T',
      'ticket S1234567A',
      'pages 046 454 287',
      'ref 811228-9875',
    ])
      expect(redact(text), text).toBe(text)
  })
})
