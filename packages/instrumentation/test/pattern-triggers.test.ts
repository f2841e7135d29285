// The triggers are a prefilter: a pattern they leave out must not be able to
// match. Checked against every built-in regexp on strings built to contain
// secrets (the redaction table's shapes, mutated and embedded in noise) and on
// random strings over an alphabet of the characters the patterns care about.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkTriggers, compilePatternTriggers } from '../src/redaction/pattern-triggers.ts'
import { createRedactor } from '../src/redaction/redactor.ts'
import { namedValuePatterns } from '../src/redaction/named-values.ts'
import { percentDecoded } from '../src/redaction/percent-decoded.ts'
import { compileKeyMatcher } from '../src/redaction/sensitive-keys.ts'
import { BUILT_IN_PATTERNS } from '../src/redaction/value-patterns.ts'

/** Every pattern a default redactor runs: the built-in ones, then the key rules applied to `name=value` text. */
const ALL_PATTERNS = [...BUILT_IN_PATTERNS, ...namedValuePatterns(compileKeyMatcher())]
const candidates = compilePatternTriggers(ALL_PATTERNS)

/** Indexes of the patterns whose regexp really finds something in `text`. */
function matching(text: string): number[] {
  return ALL_PATTERNS.flatMap((p, i) => (new RegExp(p.pattern.source, p.pattern.flags).test(text) ? [i] : []))
}

// Shapes of every family (test values assembled at run time, like the table's).
const shapes = [
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
  ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'abc'].join('.'),
  'Bearer abcDEF123456789xyz',
  'Digest 0123456789abcdef',
  'postgres://app:pw@db.internal:5432/orders',
  'token=abcdef123456&page=2',
  'https://hooks.slack.com/services/' + 'T000/B000/XXXXXXXXXXXX',
  'AKIA' + 'IOSFODNN7EXAMPLE',
  'aws_secret_access_key = ' + 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnop',
  'glpat-' + 'xXxXxXxXxXxXxXxXxXxX1234',
  'xoxb-' + '123456789012-AbCdEfGhIj',
  'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  'AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  'SG.' + 'abcdefghijklmnopqrstuv.' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
  // Provider tokens (provider-tokens.ts).
  `glsa_${'a'.repeat(32)}_0123abcd`,
  `hvs.${'CAESIJ'.repeat(16)}`,
  `ATATT3${'xFfGF0'.repeat(30)}`,
  `pypi-AgEIcHlwaS5vcmc${'CJDNkYTc'.repeat(8)}`,
  `dapi${'0123456789abcdef'.repeat(2)}`,
  `PMAK-${'0123456789ab'.repeat(2)}-${'0123456789abcdef0'.repeat(2)}`,
  `lin_api_${'Ab1'.repeat(13)}x`,
  `dp.st.${'Ab1'.repeat(14)}x`,
  `NRAK-${'AB1'.repeat(9)}`,
  `sq0atp-${'Ab1_'.repeat(5)}xy`,
  `EAAA${'Ab1-'.repeat(15)}`,
  `123456789:AA${'Ab1_'.repeat(8)}x`,
  `key-${'0123456789abcdef'.repeat(2)}`,
  `AccountKey=${'Ab1+'.repeat(21)}xy==`,
  `AGE-SECRET-KEY-1${'QWERTY123'.repeat(6)}QWER`,
  `whsec_${'Ab1'.repeat(11)}`,
  `sbp_${'0123456789'.repeat(4)}`,
  `pscale_tkn_${'Ab1'.repeat(11)}`,
  `pul-${'0123456789'.repeat(4)}`,
  `dt0c01.${'AB1'.repeat(8)}.${'CD2'.repeat(21)}E`,
  `sntrys_${'eyJpYXQiOjE2'.repeat(4)}`,
  `xapp-1-A0123456789-1234567890123-${'0123456789abcdef'.repeat(4)}`,
  `HRKU-${'Ab1-'.repeat(10)}`,
  // National ids (national-ids.ts).
  'AB 12 34 56 C',
  'AB123456D',
  '12345678Z',
  'X1234567L',
  '529.982.247-25',
  'ABCPE1234F',
  '2 55 08 14 168 025 38',
  '255081416802538',
  '4111 1111 1111 1111',
  '378282246310005',
  'DE89 3704 0044 0532 0130 00',
  '123-45-6789',
  'jane.doe@example.com',
  '+1 415 555 2671',
  '(415) 555-2671',
  '415-555-2671',
  '+49 (30) 1234-5678',
  '+44.20.7946.0958',
  '020 7946 0958',
  '2 85 05 2A 123 456 78',
  '4111-1111-1111-1111',
  '2345 6789 0123',
  // Session 9: more provider tokens, personal data by name in text.
  `dckr_pat_${'Ab1_'.repeat(7)}`,
  `rubygems_${'0123456789abcdef'.repeat(3)}`,
  `sgp_${'0123456789abcdef'.repeat(2)}01234567`,
  `ntn_${'Ab1'.repeat(15)}x`,
  `${'Ab1'.repeat(4)}Ab.atlasv1.${'Ab1'.repeat(22)}x`,
  `xkeysib-${'0123456789abcdef'.repeat(4)}-${'Ab12'.repeat(4)}`,
  `FLWSECK_TEST-${'0123456789abcdef'.repeat(2)}-X`,
  `gsk_${'Ab1'.repeat(17)}x`,
  `r8_${'Ab1'.repeat(12)}x`,
  `lsv2_pt_${'0123456789abcdef'.repeat(2)}_0123456789`,
  `sk.eyJ1Ijoi${'Ab1'.repeat(8)}.${'Ab1'.repeat(8)}`,
  `sha256~${'Ab1'.repeat(14)}x`,
  'access-sandbox-8ab976e8-64b4-4b98-9d45-1a2f3c4d5e6f',
  `AAAAAb1_Ab1:APA91b${'Ab1-'.repeat(33)}Ab`,
  `ATBB${'Ab1'.repeat(10)}Ab`,
  `LTAI${'Ab1'.repeat(6)}Ab`,
  `AKCp${'Ab1'.repeat(23)}`,
  `https://contoso.webhook.office.com/webhookb2/${'0123456789abcdef'.repeat(2)}`,
  `abc8Q~${'Ab1.'.repeat(8)}Ab`,
  `pnu_${'Ab1'.repeat(12)}`,
  `${'A'.repeat(22)}${'Ab1%'.repeat(20)}`,
  // Session 10: a shape for every pattern that declares prefixes, so the pair gate is checked on each.
  `SK${'0123456789abcdef'.repeat(2)}`,
  `hf_${'Ab1'.repeat(11)}`,
  `shpat_${'0123456789abcdef'.repeat(2)}`,
  `dop_v1_${'0123456789abcdef'.repeat(4)}`,
  `https://discord.com/api/webhooks/123456789012345678/${'Ab1_'.repeat(16)}`,
  `GOCSPX-${'Ab1_'.repeat(7)}`,
  `${'0123456789abcdef'.repeat(2)}-us21`,
  `sk-proj-${'Ab1'.repeat(16)}`,
  `shippo_live_${'0123456789'.repeat(4)}`,
  `rdme_${'Ab1'.repeat(23)}x`,
  `duffel_test_${'Ab1'.repeat(14)}x`,
  `fo1_${'Ab1'.repeat(14)}x`,
  `fm2_${'Ab1'.repeat(14)}x`,
  `CLOJARS_${'0123456789'.repeat(6)}`,
  `hcaik_${'0123456789'.repeat(6)}`,
  `tk-us-${'Ab1_'.repeat(12)}`,
  `CFPAT-${'Ab1'.repeat(14)}x`,
  `API-${'AB1'.repeat(8)}AB`,
  `xai-${'Ab1'.repeat(25)}`,
  `EZAK${'Ab1'.repeat(18)}`,
  `v1.0-${'0123456789ab'.repeat(2)}-${'0123456789abcdef'.repeat(9)}01`,
  `GR1348941${'Ab1_'.repeat(5)}`,
  `access_token$production$${'0123456789abcdef'}$${'0123456789abcdef'.repeat(2)}`,
  `AKID${'Ab1'.repeat(10)}Ab`,
  `FLWPUBK-${'0123456789abcdef'.repeat(2)}-X`,
  `secret_${'Ab1'.repeat(14)}x`,
  `sq0csp-${'Ab1_'.repeat(10)}Ab1`,
  `sntryu_${'Ab1'.repeat(14)}`,
  `hvb.${'CAESIJ'.repeat(5)}`,
  `glc_${'Ab1+'.repeat(10)}`,
  `gho_${'Ab1'.repeat(12)}`,
  `xoxp-${'1234567890'}-AbCd`,
  `rk_test_${'Ab1'.repeat(6)}`,
  `oy2${'ab1'.repeat(14)}c`,
  `ico-${'Ab1'.repeat(10)}Ab`,
  `fio-u-${'Ab1_'.repeat(16)}`,
  'date of birth: 1984-03-12',
  'cvv=123',
  'last_name=Nguyen',
  'street address: 221B Baker Street',
  'userPassword=hunter2xyz',
  // Session 13: a secret or personal number after its name and a space, French phone numbers, name=value pairs
  // and JSON in text judged by the key rules.
  'invalid API key BPqL8AhrAZTHpOLWgEmSG7y0',
  'PagerDuty routing key a4f19a761250cc29f312390a273e4116',
  'ssn 459837484',
  "driver's license G7666353",
  '06 60 11 63 27',
  '01.45.67.89.10',
  'user=bob phone=%2B33612345678&x=1',
  '{"routing_key":"a4f19a761250cc29f312390a273e4116"}',
  '"cvv": 123',
  '0049 30 1234567',
  '06-12345678',
  '0151 23456789',
  `glimt-${'Ab1'.repeat(8)}`,
  `remember_web_${'0123456789abcdef'.repeat(2)}=abcdef123456`,
  'sid: abc123def456',
  'session cookie Bg9Qv8Ej1Ty3Hm2Wa5Kp4Zd7Ns expired',
]

describe('pattern triggers', () => {
  it('keep every pattern that matches one of the known shapes', () => {
    for (const shape of shapes) {
      const found = matching(shape)
      expect(found.length, shape).toBeGreaterThan(0)
      expect(candidates(shape), shape).toEqual(expect.arrayContaining(found))
    }
  })

  it('keep every pattern that matches a mutated shape embedded in noise', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shapes),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.nat(),
        fc.string({ maxLength: 3 }),
        (shape, before, after, at, insert) => {
          const cut = at % (shape.length + 1)
          const text = `${before}${shape.slice(0, cut)}${insert}${shape.slice(cut)}${after}`
          expect(candidates(text)).toEqual(expect.arrayContaining(matching(text)))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('keep every pattern that matches a random string over the characters patterns look for', () => {
    const alphabet = fc.constantFrom(...'0123456789-+() .@:/=_AIKGJBTDWwkgxzmPS"&?%'.split(''))
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const text = chars.join('')
        expect(candidates(text)).toEqual(expect.arrayContaining(matching(text)))
      }),
      { numRuns: 3000 },
    )
  })

  it('leave ordinary values with no candidate at all', () => {
    for (const clean of ['user-42', 'application/json', '/orders/:id', 'GET', 'checkout completed']) {
      expect(candidates(clean), clean).toEqual([])
    }
    // A path with an id wakes one pattern: the token after a reset, invitation or unsubscribe segment
    // (path-tokens.ts), which nothing but a '/' and a digit can gate.
    expect(candidates('served /orders/42').map((i) => ALL_PATTERNS[i]!.name)).toEqual(['url-path-token'])
  })

  it('leave the provider-token patterns idle on random ids, which hold their separators and letters', () => {
    const tokenPatterns = new Set(BUILT_IN_PATTERNS.flatMap((p, i) => (p.prefixes ? [i] : [])))
    // Before the pair gate, every such id woke about fifty of them. Some ids do hold a prefix's rarest
    // pair (and pairs share bits), so a few wake now and then: about two on average.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
    let state = 10
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31
      return state / 2 ** 31
    }
    const ids = Array.from({ length: 2000 }, () =>
      Array.from({ length: 22 }, () => alphabet[Math.floor(random() * 64)]).join(''),
    )
    const woken = ids.map((id, n) => candidates(`/orders/${id}-${n}`).filter((i) => tokenPatterns.has(i)).length)
    expect(woken.reduce((a, b) => a + b, 0) / woken.length).toBeLessThan(3)
  })

  it('select the same patterns, in declared order, once their memo is full as on a first sight', () => {
    // Random ids fill the memo (4,096 combinations) and then take the unmemoized path: the answers must not change.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:/=@ '
    let state = 20261128
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31
      return state / 2 ** 31
    }
    const texts = Array.from(
      { length: 12_000 },
      () =>
        `/orders/${Array.from({ length: 6 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')}`,
    )
    const warm = compilePatternTriggers(ALL_PATTERNS)
    for (const text of texts) warm(text)
    for (const text of texts.slice(0, 3000)) {
      const selected = warm(text)
      expect(selected).toEqual(compilePatternTriggers(ALL_PATTERNS)(text))
      expect(selected.every((index, k) => k === 0 || selected[k - 1]! < index)).toBe(true)
    }
  })

  it('run a pattern without conditions on every string', () => {
    const withExtra = compilePatternTriggers([...ALL_PATTERNS, { name: 'anything' }])
    expect(withExtra('plain')).toEqual([ALL_PATTERNS.length])
  })

  it('startsNear finds exactly what a search from the first character finds', () => {
    const email = BUILT_IN_PATTERNS.find((p) => p.name === 'email')!
    const redactor = createRedactor({
      disablePatterns: [...BUILT_IN_PATTERNS.filter((p) => p.name !== 'email').map((p) => p.name), 'named-value'],
    })
    const mask = (s: string): string =>
      s.replace(new RegExp(email.pattern.source, 'g'), (_m, l: string, d: string) => `${l.slice(0, 1)}***@${d}`)
    const local = fc.stringMatching(/^[A-Za-z0-9._%+-]{1,70}$/)
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        local,
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 80 }),
        (before, name, between, after) => {
          const text = `${before}${name}@example.com${between}@${after} x.y@shop.example.org`
          let fromStart = mask(text)
          // The redactor scans percent-encoded text again, decoded, and keeps that when it found more.
          const decoded = percentDecoded(fromStart)
          if (decoded !== fromStart && mask(decoded) !== decoded) fromStart = mask(decoded)
          expect(redactor.string(text)).toBe(fromStart)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('reject a malformed declaration with the pattern named', () => {
    expect(() => checkTriggers({ name: 'internal-id', requires: [''] })).toThrow(
      /internal-id: requires must list non-empty sets/,
    )
    expect(() => checkTriggers({ name: 'internal-id', requires: ['é'] })).toThrow(/printable ASCII/)
    expect(() => checkTriggers({ name: 'internal-id', prefixes: ['x'] })).toThrow(
      /internal-id: prefixes must be strings of at least two/,
    )
    expect(() => checkTriggers({ name: 'internal-id', minDigits: -1 })).toThrow(
      /internal-id: minDigits must be a whole number/,
    )
    expect(() => checkTriggers({ name: 'internal-id', startsNear: { text: '', within: 3 } })).toThrow(
      /internal-id: startsNear must be/,
    )
  })
})
