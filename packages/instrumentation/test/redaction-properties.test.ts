// Properties of the redactor on arbitrary and adversarial input: it never
// throws, never mutates its input, and stays fast.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRedactor } from '../src/redaction/redactor.ts'

const redactor = createRedactor()

describe('redactor properties', () => {
  it('never throws and never mutates, on any JSON-like value', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 6, withMap: true, withSet: true, withDate: true, withTypedArray: true }),
        (value) => {
          const before = structuredCloneSafe(value)
          expect(() => redactor.value(value)).not.toThrow()
          expect(structuredCloneSafe(value)).toEqual(before)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('never throws on any string, and the output never contains a planted secret', () => {
    const secret = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (before, after) => {
        const out = redactor.string(`${before} ${secret} ${after}`)
        expect(out).not.toContain(secret)
      }),
      { numRuns: 500 },
    )
  })

  it('remembering clean values per key never lets a later secret under that key through', () => {
    const secret = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'
    const memo = createRedactor()
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('clean', 'secret'), { maxLength: 20 }),
        fc.constantFrom('note', 'http.route', 'user_agent.original'),
        (sequence, key) => {
          for (const kind of sequence) {
            const value = kind === 'clean' ? 'GET /orders/:id' : `see ${secret}`
            const fromObject = JSON.stringify(memo.value({ [key]: value }))
            const fromAttributes = JSON.stringify(memo.attributes({ [key]: value }))
            for (const out of [fromObject, fromAttributes]) {
              if (kind === 'secret') expect(out).not.toContain(secret)
              else expect(out).toContain('GET /orders/:id')
            }
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('attribute maps of many shapes and key orders, interleaved, are each judged by their own keys', () => {
    // The redactor remembers the key states of the last few key lists; a fresh redactor remembers nothing.
    const memo = createRedactor()
    const keys = ['http.request.method', 'url.path', 'password', 'api_key', 'user_agent.original', 'db.statement']
    const values = ['GET', '/orders/42', 'hunter2hunter2', 'call +1 415-555-2671', 'curl/8.5']
    fc.assert(
      fc.property(
        fc.array(
          fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)), {
            selector: ([key]) => key,
            maxLength: keys.length,
          }),
          { maxLength: 12 },
        ),
        (maps) => {
          for (const entries of maps) {
            const map = Object.fromEntries(entries)
            expect(memo.attributes(map)).toEqual(createRedactor().attributes(map))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('handles cycles', () => {
    const a: Record<string, unknown> = { name: 'a', password: 'x' }
    a['self'] = a
    a['list'] = [a, { back: a }]
    expect(redactor.value(a)).toEqual({
      name: 'a',
      password: '[REDACTED:password]',
      self: '[Circular]',
      list: ['[Circular]', { back: '[Circular]' }],
    })
  })

  // Bounded work is a property of the input the patterns get to see: strings
  // are cut before scanning and structures are cut by depth and node count.
  // (Timings belong in the benchmark, not here.)
  it('bounds the work on huge and adversarial input', () => {
    const huge = redactor.value('eyJ'.repeat(3_500_000)) as string
    expect(huge.length).toBeLessThan(70_000)
    expect(huge).toMatch(/…\[TRUNCATED:\d+ chars\]$/)
    // Each bait aims at one scan: a digit run, an email's local part, a URL's user, and the session-13 paths —
    // emails and `name=value` found from each '@' and '=', JSON pairs, percent-decoding, a name then a space —
    // and session 14's.
    for (const bait of [
      `${'4'.repeat(100_000)}x`,
      `${'a.'.repeat(50_000)}@`,
      `http://${'a:'.repeat(50_000)}`,
      '@'.repeat(100_000),
      `${'a.'.repeat(40)}@`.repeat(2_000),
      ` ${'n'.repeat(63)}=`.repeat(2_000),
      'a='.repeat(50_000),
      '"password":"x'.repeat(10_000),
      '%2B1'.repeat(30_000),
      'api key '.repeat(20_000),
      // Session 14: a cookie header's list, phone words.
      `${'cookie:'.repeat(10_000)}=1`,
      `${`cookie: ${'a=b;'.repeat(10)}`.repeat(2_000)}9`,
      `${'call me at '.repeat(7_000)}${'1'.repeat(12)}`,
      // Session 16 (1–7 ms each here): XML elements and attributes, command lines, capitals, spaced digits.
      '<a '.repeat(30_000),
      ' key="password" value="'.repeat(4_000),
      'mysql -p'.repeat(10_000),
      '-u a:'.repeat(20_000),
      'PASSWORD IS '.repeat(8_000),
      `mrn ${'1 '.repeat(40_000)}`,
      // Escaped JSON (scanned again unescaped) and Ruby's hash rockets.
      '{\\"password\\":\\"'.repeat(5_000),
      '"password"=>"'.repeat(6_000),
      // Session 17: `name: value` read behind each `: `, long flags, redis-cli, `with password`, signed cookies.
      ` ${'n'.repeat(63)}: 1`.repeat(1_000),
      'a: '.repeat(23_000),
      '--password '.repeat(6_000),
      '--a-b-c-'.repeat(9_000),
      'redis-cli -a'.repeat(6_000),
      'with password '.repeat(5_000),
      `s:${'a'.repeat(30)}.`.repeat(2_000),
      'key-'.repeat(17_000),
      // Session 18: lower-case schemes, array keys before a sign, password hashes by prefix.
      'bearer a1'.repeat(8_000),
      'basic 1a.'.repeat(8_000),
      "$x['password'] = '".repeat(4_000),
      '$2b$12$'.repeat(10_000),
      '$6$rounds=5000$ab$'.repeat(4_000),
      '$y$j9T$'.repeat(10_000),
      '$argon2id$v=19$m=1,t=1,p=1$'.repeat(3_000),
      'pbkdf2_sha256$1000$'.repeat(4_000),
      'tskey-auth-'.repeat(7_000),
      `refresh: ${'aB1'.repeat(6)}:`.repeat(2_500),
      'born on March 1, 198'.repeat(3_500),
      'dob 1 of march 19'.repeat(4_000),
      '010190-'.repeat(10_000),
      'EIN 12-'.repeat(10_000),
    ]) {
      expect(redactor.string(bait)).toContain('[TRUNCATED:')
    }
    const deep = Array.from({ length: 100_000 }).reduce<unknown>((inner) => ({ inner }), 'leaf')
    expect(JSON.stringify(redactor.value(deep))).toContain('[TRUNCATED:depth]')
    const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, `v${i}`]))
    const out = redactor.value(wide) as Record<string, unknown>
    expect(Object.values(out).filter((v) => v === '[TRUNCATED:size]').length).toBeGreaterThan(0)
  })
})

/** A comparable snapshot of a value (structuredClone fails on functions, symbols). */
function structuredCloneSafe(value: unknown): unknown {
  try {
    return structuredClone(value)
  } catch {
    return String(value)
  }
}
