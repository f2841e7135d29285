// Patterns that do their work in code (`redact`, where the regexp was
// measured to be the cost) must give exactly what their regexp and
// replacement give: the regexp is the specification.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { namedValuePatterns } from '../src/redaction/named-values.ts'
import { compileKeyMatcher } from '../src/redaction/sensitive-keys.ts'
import { BUILT_IN_PATTERNS, type ValuePattern } from '../src/redaction/value-patterns.ts'

/** What the redactor's exec loop makes of `text` with the pattern's regexp and replacement. */
function byRegexp(p: ValuePattern, text: string): string {
  const regexp = new RegExp(p.pattern.source, p.pattern.flags)
  let out = ''
  let copied = 0
  for (let m = regexp.exec(text); m !== null; m = regexp.exec(text)) {
    if (m[0] === '') {
      regexp.lastIndex = m.index + 1
      continue
    }
    const replacement = p.replace ? p.replace(m[0], ...m.slice(1).map((g) => g ?? '')) : `[REDACTED:${p.name}]`
    if (replacement === m[0]) continue
    out += text.slice(copied, m.index) + replacement
    copied = m.index + m[0].length
  }
  return copied === 0 ? text : out + text.slice(copied)
}

const withCode = [...BUILT_IN_PATTERNS, ...namedValuePatterns(compileKeyMatcher())].filter((p) => p.redact)

// Pieces that make these patterns match, half-match and fail: names, separators, local parts, domains.
const pieces = fc.constantFrom(
  'password',
  'phone',
  'session_key',
  'token_count',
  'given_name',
  'a',
  '=',
  '==',
  '?',
  '&',
  ';',
  ' ',
  '\t',
  ',',
  '{',
  '(',
  '"',
  "'",
  '#',
  '[',
  ']',
  '.',
  '-',
  '_',
  '+',
  '%',
  '@',
  '@@',
  'jane.doe',
  'x',
  'example',
  '.com',
  '.c',
  'org',
  'required',
  '4155552671',
  'Zm9vYmFy12',
  'é',
  '\u00a0',
  'A'.repeat(70),
  // Long local parts and names with boundaries inside: the 64-character limits must agree.
  'a.'.repeat(35),
  'n.'.repeat(28),
  'b-'.repeat(31),
)

describe('patterns done in code', () => {
  it('are the ones expected (email, name=value)', () => {
    expect(withCode.map((p) => p.name).sort()).toEqual(['email', 'named-value'])
  })

  for (const p of withCode) {
    it(`${p.name}: the code gives what the regexp gives, on strings built from its own pieces`, () => {
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 24 }), (parts) => {
          const text = parts.join('')
          expect(p.redact!(text)).toBe(byRegexp(p, text))
        }),
        { numRuns: 5000 },
      )
    })

    it(`${p.name}: the code gives what the regexp gives, on arbitrary strings`, () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 120 }), (text) => {
          expect(p.redact!(text)).toBe(byRegexp(p, text))
        }),
        { numRuns: 2000 },
      )
    })
  }
})
