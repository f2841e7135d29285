// National identity and tax numbers — the personal-data categories DLP tools
// detect beyond cards, IBANs and US SSNs — recognised by their format AND
// their check digit wherever one exists, so an order number of the same shape
// survives (9 in 10, or 22 in 23, of random look-alikes fail the check). The
// UK National Insurance number and India's PAN have no check digit: their
// letter rules (prefixes never issued, the holder-type letter) stand in.
// Triggers reuse the character sets the other patterns declare.
import {
  passesChineseIdCheck,
  passesCodiceFiscale,
  passesCpf,
  passesCurp,
  passesDniLetter,
  passesFinnishPic,
  passesKoreanRrn,
  passesLuhnOfDigits,
  passesNirKey,
  passesNric,
  passesVerhoeff,
} from './checksums.ts'
import type { ValuePattern } from './value-patterns.ts'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

export const NATIONAL_ID_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'uk-nino',
    requires: [UPPER],
    minDigitRun: 6,
    pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  // Spain: DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits, a letter).
  {
    name: 'es-dni',
    requires: [UPPER],
    minDigitRun: 7,
    pattern: /\b(?:\d{8}|[XYZ]\d{7})-?[A-Z]\b/g,
    validate: passesDniLetter,
  },
  {
    // Brazil's CPF as it is written (999.999.999-99); bare, 11 digits are too often something else.
    name: 'br-cpf',
    requires: ['.', '-'],
    minDigitRun: 11,
    pattern: /(?<![\w.-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|\.\d)/g,
    validate: passesCpf,
  },
  // India's PAN: five letters (the fourth says who holds it), four digits, a letter.
  { name: 'in-pan', requires: [UPPER], minDigits: 4, pattern: /\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b/g },
  {
    // India's Aadhaar as it is printed (1234 5678 9012), Verhoeff-checked.
    name: 'in-aadhaar',
    requires: [' '],
    minDigitRun: 12,
    pattern: /(?<![\w-])[2-9]\d{3} \d{4} \d{4}(?![\w-])/g,
    validate: passesVerhoeff,
  },
  {
    // France's NIR: sex, year, month, department, commune, order, key (spaced or not).
    name: 'fr-nir',
    minDigits: 13,
    // Corsica's department (2A, 2B) splits the run: the eight digits after it are one run.
    minDigitRun: 8,
    pattern: /(?<![\w-])[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w-])/g,
    validate: passesNirKey,
  },
  {
    // China's resident identity number: region, birth date, order, check (X for 10).
    name: 'cn-resident-id',
    minDigitRun: 17,
    pattern: /(?<![\w-])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\w-])/g,
    validate: passesChineseIdCheck,
  },
  {
    // Italy's codice fiscale: surname and name letters, birth year, month letter, day (+40 for women), town, check.
    name: 'it-codice-fiscale',
    requires: [UPPER],
    minDigits: 7,
    pattern: /\b[A-Z]{6}\d{2}[A-EHLMPR-T][0-7]\d[A-Z]\d{3}[A-Z]\b/g,
    validate: passesCodiceFiscale,
  },
  {
    // Mexico's CURP: name letters, birth date, sex, state, consonants, a homonym character and a check digit.
    name: 'mx-curp',
    requires: [UPPER],
    minDigitRun: 6,
    pattern:
      /\b[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX](?:AS|BC|BS|CC|CS|CH|CL|CM|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b/g,
    validate: passesCurp,
  },
  {
    // Singapore's NRIC and FIN: S/T (citizens), F/G (foreigners), seven digits, a check letter.
    name: 'sg-nric',
    requires: [UPPER],
    minDigitRun: 7,
    pattern: /\b[STFG]\d{7}[A-Z]\b/g,
    validate: passesNric,
  },
  {
    // South Korea's resident registration number: birth date, a hyphen, sex/century digit, six more.
    name: 'kr-rrn',
    requires: ['-'],
    minDigitRun: 13,
    pattern: /(?<![\w-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-8]\d{6}(?![\w-])/g,
    validate: passesKoreanRrn,
  },
  {
    // Canada's social insurance number as written (046 454 286, 046-454-286): Luhn; 8 starts none.
    name: 'ca-sin',
    minDigitRun: 9,
    pattern: /(?<![\w-])[0-79]\d{2}([ -])\d{3}\1\d{3}(?![\w-])/g,
    validate: passesLuhnOfDigits,
  },
  {
    // Sweden's personnummer (YYMMDD-NNNC; + past a hundred years old; day + 60 for a coordination number): Luhn.
    name: 'se-personnummer',
    minDigitRun: 10,
    pattern: /(?<![\w+-])\d{2}(?:0[1-9]|1[0-2])(?:[06][1-9]|[1278]\d|[39][01])[-+]\d{4}(?![\w-])/g,
    validate: passesLuhnOfDigits,
  },
  {
    // Finland's henkilötunnus: birth date, the century sign (+, -, A–F, U–Y), an individual number, a check
    // character (mod 31).
    name: 'fi-pic',
    minDigitRun: 6,
    pattern: /(?<![\w+-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![\w-])/g,
    validate: passesFinnishPic,
  },
]
