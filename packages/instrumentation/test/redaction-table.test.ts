// The redaction table: every family, in every placement, must disappear; the
// things that look alike but are not secrets must stay untouched.
import { describe, expect, it } from 'vitest'
import { createRedactor } from '../src/redaction/redactor.ts'

const redactor = createRedactor()
const text = (s: string): string => redactor.string(s)

// Test secrets are assembled at run time so that no scanner flags this file.
const jwt = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
].join('.')
const ghp = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'
const slackToken = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'
const slackHook = 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'
const stripe = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc'
const aws = 'AKIA' + 'IOSFODNN7EXAMPLE'
const google = 'AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'
const npmToken = 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'
const gitlab = 'glpat-' + 'xXxXxXxXxXxXxXxXxXxX1234'
const pem = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
  '-----END RSA PRIVATE KEY-----',
].join('\n')
const card = '4111 1111 1111 1111'
const iban = 'DE89 3704 0044 0532 0130 00'
const ssn = '123-45-6789'

const positives: [family: string, secret: string, mustContain: string][] = [
  ['jwt', jwt, '[REDACTED:jwt]'],
  ['bearer', `Bearer ${'abcDEF123456789xyz'}`, 'Bearer [REDACTED:bearer]'],
  ['basic', `Basic ${Buffer.from('admin:hunter2').toString('base64')}`, 'Basic [REDACTED:basic]'],
  ['github', ghp, '[REDACTED:github-token]'],
  ['gitlab', gitlab, '[REDACTED:gitlab-token]'],
  ['slack token', slackToken, '[REDACTED:slack-token]'],
  ['slack webhook', slackHook, '[REDACTED:slack-webhook]'],
  ['stripe', stripe, '[REDACTED:stripe-key]'],
  ['aws', aws, '[REDACTED:aws-access-key]'],
  ['google', google, '[REDACTED:google-api-key]'],
  ['npm', npmToken, '[REDACTED:npm-token]'],
  ['pem', pem, '[REDACTED:private-key]'],
  [
    'url password',
    'postgres://app:s3cr3t-pw@db.internal:5432/orders',
    'postgres://app:[REDACTED:url-password]@db.internal',
  ],
  [
    'session id after a colon',
    'restored sessionId: s%3Aabc123def456.xyz for user',
    'sessionId: [REDACTED:session-cookie] for',
  ],
  ['German tax id in text', 'updated steuer_id=12345678903 ok', 'steuer_id=[REDACTED:personal] ok'],
  ['url password, no user (Redis)', 'redis://:Sup3rSecretPw@cache:6379/0', 'redis://:[REDACTED:url-password]@cache'],
  [
    'url query secret',
    'https://api.example.com/v1/items?page=2&api_key=abcdef123456&sort=asc',
    'api_key=[REDACTED:url-secret]&sort=asc',
  ],
  ['bare query string (url.query)', 'token=abcdef123456&page=2', 'token=[REDACTED:url-secret]&page=2'],
  ['card (Luhn)', card, '[REDACTED:card]'],
  ['iban (mod 97)', iban, '[REDACTED:iban]'],
  ['ssn', ssn, '[REDACTED:ssn]'],
  ['email (masked)', 'jane.doe@example.com', 'j***@example.com'],
  ['phone', '+1 415 555 2671', '[REDACTED:phone]'],
  ['phone, French national', '06 12 34 56 78', '[REDACTED:phone]'],
  ['phone, 00 international prefix', '0049 30 1234567', '[REDACTED:phone]'],
  ['phone, trunk 0 and a dash', '06-12345678', '[REDACTED:phone]'],
  ['phone, German mobile', '0151 23456789', '[REDACTED:phone]'],
  ['API key after its name and a space', 'API key 9fQ2xLr7Tz0pWk3mNb5v', 'API key [REDACTED:secret]'],
  ['ssn after its name and a space', 'ssn 123456789', 'ssn [REDACTED:personal]'],
  ['percent-encoded phone in a query', 'https://api.example.com/c?tel=%2B14155552671&page=2', '[REDACTED:'],
  ['logfmt pair named like a secret', 'event=login user=ann session_key=Zm9vYmFyMTIz ok', 'session_key=[REDACTED:'],
]

const placements: [string, (secret: string) => unknown, (out: unknown) => string][] = [
  ['message text', (s) => `login failed for request with ${s} attached`, (o) => String(o)],
  ['neutral key', (s) => ({ note: s }), (o) => JSON.stringify(o)],
  ['nested object', (s) => ({ a: { b: { c: [{ d: s }] } } }), (o) => JSON.stringify(o)],
  ['array', (s) => ['x', s, 'y'], (o) => JSON.stringify(o)],
  ['Error message and stack', (s) => new Error(`upstream said ${s}`), (o) => JSON.stringify(o)],
  ['header map', (s) => ({ headers: { 'x-forwarded-info': s } }), (o) => JSON.stringify(o)],
]

describe('value patterns, every family in every placement', () => {
  for (const [family, secret, expected] of positives) {
    for (const [placement, wrap, render] of placements) {
      it(`${family} in ${placement}`, () => {
        const out = render(redactor.value(wrap(secret)))
        expect(out).toContain(expected.replace(/"/g, '\\"'))
        const core = secret.replace(/^(Bearer|Basic) /, '').split('\n')[1] ?? secret.replace(/^(Bearer|Basic) /, '')
        if (family !== 'email (masked)' && family !== 'url password' && !family.includes('query'))
          expect(out).not.toContain(core)
      })
    }
  }
})

describe('sensitive keys, any depth, any case', () => {
  it.each([
    ['password', { password: 'hunter2' }],
    ['Authorization header', { headers: { Authorization: 'whatever-value' } }],
    ['set-cookie', { 'Set-Cookie': ['a=1', 'b=2'] }],
    ['api key variants', { 'x-api-key': 'k1', apiKey: 'k2', API_KEY: 'k3' }],
    ['client secret', { oauth: { client_secret: 'cs' } }],
    ['private key', { privateKey: 'pk' }],
    ['card number and cvv', { payment: { cardNumber: '4000', cvv: '123' } }],
    ['ssn', { user: { SSN: '000' } }],
    ['access token', { access_token: 't' }],
  ])('%s', (_name, input) => {
    const out = JSON.stringify(redactor.value(input))
    expect(out).toContain('[REDACTED:')
    expect(out).not.toMatch(/hunter2|whatever-value|a=1|"k1"|"k2"|"k3"|"cs"|"pk"|"4000"|"123"|"000"|"t"/)
  })
})

describe('things that are not secrets stay untouched', () => {
  it.each([
    ['trace id', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['span id', '00f067aa0ba902b7'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['nanosecond timestamp', '1795000000123456789'],
    ['ISO timestamp', '2026-11-23T18:34:51.123Z'],
    ['ordinary number', '4096'],
    ['big ordinary number', '1234567890123456'],
    ['route template', '/orders/:id/items/{itemId}'],
    ['url without secrets', 'https://example.com/orders/42?page=2&sort=asc'],
    ['query string without secrets', 'page=2&sort=asc&keyword=shoes'],
    ['version', '1.4.2'],
    ['ip address', '10.0.0.12'],
    ['date', '2026-11-23'],
    ['a secret word in prose', 'token refresh failed after 3 attempts'],
    ['a key path', 'key=user:42:profile'],
    ['a count after a sensitive name', 'pin=4 tries left'],
    ['numbers in threes and fours', 'batch 200 300 4000 rows'],
    ['logfmt of ordinary values', 'method=GET status=200 session_count=3 token_type=Bearer'],
    ['percent-encoded ordinary query', 'q=caf%C3%A9&page=2'],
  ])('%s', (_name, value) => {
    expect(text(value)).toBe(value)
    expect(redactor.value({ value })).toEqual({ value })
  })

  it('keys that merely contain weak words', () => {
    const input = { tokenCount: 42, author: 'ann', cache_key: 'orders:42', 'http.route': '/login' }
    expect(redactor.value(input)).toEqual(input)
  })
})

describe('span attributes', () => {
  it('redacts by key and by value, leaves the rest', () => {
    const out = redactor.attributes({
      'http.request.header.authorization': 'Bearer abcdefghijkl',
      'url.full': 'https://x.io/a?token=abc123456',
      'http.route': '/a',
      'http.response.status_code': 200,
    })
    expect(out).toEqual({
      'http.request.header.authorization': '[REDACTED:authorization]',
      'url.full': 'https://x.io/a?token=[REDACTED:url-secret]',
      'http.route': '/a',
      'http.response.status_code': 200,
    })
  })
})

describe('configuration', () => {
  it('extra keys, extra patterns, allow-list and disabled families', () => {
    const custom = createRedactor({
      extraKeys: ['internalRef'],
      extraPatterns: [{ name: 'ticket', pattern: /\bTKT-\d{6}\b/g }],
      allowKeys: ['password_policy'],
      disablePatterns: ['email'],
    })
    expect(
      custom.value({ internalRef: 'abc', note: 'see TKT-123456', password_policy: 'min 12 chars', contact: 'a@b.io' }),
    ).toEqual({
      internalRef: '[REDACTED:internalref]',
      note: 'see [REDACTED:ticket]',
      password_policy: 'min 12 chars',
      contact: 'a@b.io',
    })
    expect(() => createRedactor({ extraPatterns: [{ name: 'x', pattern: /x/ }] })).toThrow(/g flag/)
  })
})
