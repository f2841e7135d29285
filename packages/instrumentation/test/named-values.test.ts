// `name=value` and `"name": "value"` in text, judged by the key rules: the
// same names as fields, the same exceptions, the user's extra and allowed keys.
import { describe, expect, it } from 'vitest'
import { createRedactor } from '../src/redaction/redactor.ts'

const redactor = createRedactor()

describe('named values in text', () => {
  it('redacts a value whose name is sensitive as a field name, in logfmt, query strings and JSON', () => {
    expect(redactor.string('user=ann given_name=ann status=ok')).toBe(
      'user=ann given_name=[REDACTED:givenname] status=ok',
    )
    expect(redactor.string('/v1/lookup?given_name=ann&page=2')).toBe(
      '/v1/lookup?given_name=[REDACTED:givenname]&page=2',
    )
    expect(redactor.string('/v1/cart?laravel_session=abcdef1234&page=2')).toBe(
      '/v1/cart?laravel_session=[REDACTED:session-cookie]&page=2',
    )
    expect(redactor.string('sent {"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger"}')).toBe(
      'sent {"routing_key":"[REDACTED:secret]","event_action":"trigger"}',
    )
    expect(redactor.string('{"bank_account": 12345678, "amount": 10}')).toBe(
      '{"bank_account": "[REDACTED:bankaccount]", "amount": 10}',
    )
  })

  it('keeps ordinary names and words about a secret', () => {
    for (const line of [
      'session_count=3 token_type=Bearer password_policy=strict',
      '{"token_count": 12, "secret_type": "kms"}',
      'password=required',
      'a==b',
    ])
      expect(redactor.string(line)).toBe(line)
  })

  it('follows the extra and allowed keys of the configuration', () => {
    const custom = createRedactor({ extraKeys: ['internalRef'], allowKeys: ['given_name'] })
    expect(custom.string('internalRef=R-42 given_name=ann')).toBe('internalRef=[REDACTED:internalref] given_name=ann')
    expect(createRedactor({ disablePatterns: ['named-value'] }).string('given_name=ann')).toBe('given_name=ann')
  })

  it('decodes percent-encoded text only when that finds something', () => {
    expect(redactor.string('/c?contact=jane%40example.com&q=caf%C3%A9')).toBe('/c?contact=j***@example.com&q=café')
    expect(redactor.string('/search?q=caf%C3%A9&page=%ZZ')).toBe('/search?q=caf%C3%A9&page=%ZZ')
  })
})
