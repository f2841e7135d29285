import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isOpaqueId } from '../src/redaction/opaque-ids.ts'
import { createRedactor } from '../src/redaction/redactor.ts'

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`))

/** The definition, as one regexp (the code walks the characters instead: this regexp cost ~250 ns a UUID). */
const HEX_ID =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9]*[a-fA-F])[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16}(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{32})?)?)$/

describe('opaque ids', () => {
  it('takes exactly what the definition takes, on strings of hex, dashes and near-misses', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEF-gG:Z é'.split(''))
    fc.assert(
      fc.property(
        fc.constantFrom(15, 16, 17, 31, 32, 35, 36, 37, 40, 64),
        fc.array(chars, { minLength: 70, maxLength: 70 }),
        fc.boolean(),
        (length, pool, dashes) => {
          const text = pool
            .slice(0, length)
            .map((c, i) => (dashes && length === 36 && [8, 13, 18, 23].includes(i) ? '-' : c))
            .join('')
          // Timestamps are the other half of isOpaqueId; none of these strings is one.
          expect(isOpaqueId(text), text).toBe(HEX_ID.test(text))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('recognises UUIDs, trace and span ids and hashes with a hex letter', () => {
    for (const id of [
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      '3FA85F64-5717-4562-B3FC-2C963F66AFA6',
      '0af7651916cd43dd8448eb211c80319c',
      'b7ad6b7169203331',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      '2026-11-27',
      '2026-11-27T05:40:31Z',
      '2026-11-27T05:40:31.120Z',
      '2026-11-27 05:40:31.123456789+01:00',
      '2026-11-27T05:40+0530',
    ]) {
      expect(isOpaqueId(id), id).toBe(true)
    }
  })

  it('never takes an all-digit string, or anything else, for one', () => {
    for (const text of [
      '4111111111111111',
      '12345678901234567890123456789012',
      '3fa85f64-5717-4562-b3fc-2c963f66afa',
      'b7ad6b716920333g',
      '2026-11-27T05:40:31Z password=hunter2',
      '2026-11-27 +1 415 555 2671',
      'hello world',
      '',
    ]) {
      expect(isOpaqueId(text), text).toBe(false)
    }
  })

  it('leaves every random UUID and trace id untouched, even all-digit-group UUIDs that pass Luhn', () => {
    const redactor = createRedactor()
    fc.assert(
      fc.property(hex(8), hex(4), hex(4), hex(4), hex(12), hex(32), (a, b, c, d, e, traceId) => {
        const uuid = `${a}-${b}-${c}-${d}-${e}`
        expect(redactor.string(uuid)).toBe(uuid)
        if (/[a-f]/.test(traceId)) expect(redactor.string(traceId)).toBe(traceId)
      }),
      { numRuns: 1000 },
    )
    expect(redactor.string('41111111-1111-1111-1111-111111111111')).toBe('41111111-1111-1111-1111-111111111111')
  })

  it('still redacts a card number written as 16 bare digits', () => {
    expect(createRedactor().string('4111111111111111')).toBe('[REDACTED:card]')
  })
})
