// Where a value sits, beyond objects and strings: headers as lists of pairs,
// fetch's Headers and URLSearchParams, objects that serialize through toJSON
// (a URL), an AggregateError's errors — and the short key names services use.
// Written before the code that handles them (session 16: the pair lists and
// the URL leaked or vanished, 47 of 133 key names were missed).
import { describe, expect, it } from 'vitest'
import { createRedactor } from '../src/redaction/redactor.ts'

const r = createRedactor()
// Assembled at run time (no literal secrets for scanners to flag).
const secret = ['Zq8xK2mP', '9vL4nR7t', 'W1yB3cD6'].join('')
const json = (value: unknown): string => JSON.stringify(r.value(value))

describe('headers as lists of pairs', () => {
  it('Node’s rawHeaders: a value is judged by the name before it', () => {
    const out = r.value({
      rawHeaders: ['Host', 'shop.example', 'X-Api-Key', secret, 'Cookie', `sid=${secret}`, 'Accept', 'text/html'],
    })
    expect(out).toEqual({
      rawHeaders: [
        'Host',
        'shop.example',
        'X-Api-Key',
        '[REDACTED:apikey]',
        'Cookie',
        '[REDACTED:cookie]',
        'Accept',
        'text/html',
      ],
    })
  })

  it('entries under a headers key (undici, fetch): [name, value] pairs', () => {
    const out = r.value({
      headers: [
        ['x-api-key', secret],
        ['accept', 'application/json'],
      ],
    })
    expect(out).toEqual({
      headers: [
        ['x-api-key', '[REDACTED:apikey]'],
        ['accept', 'application/json'],
      ],
    })
  })

  it('a flat list of header names elsewhere is a list of names, and stays', () => {
    const input = { allowedHeaders: ['Authorization', 'Content-Type'], exposedHeaders: ['X-Api-Key', 'ETag'] }
    expect(r.value(input)).toEqual(input)
    // A list with nothing to redact is the list itself; a boolean after a sensitive name stays, as in objects.
    const headers = [
      ['x-api-key', true],
      ['accept', 'text/html'],
    ]
    expect((r.value({ headers }) as { headers: unknown }).headers).toBe(headers)
  })

  it('fetch’s Headers and URLSearchParams become objects judged by name, instead of {}', () => {
    const out = r.value({
      headers: new Headers({ authorization: `Bearer ${secret}`, accept: 'text/html' }),
      query: new URLSearchParams(`page=2&password=${secret}`),
    })
    expect(out).toEqual({
      headers: { accept: 'text/html', authorization: '[REDACTED:authorization]' },
      query: { page: '2', password: '[REDACTED:password]' },
    })
  })
})

describe('objects that serialize through toJSON', () => {
  it('a URL is its href, scanned like any string (pino would write the href; a copy of its fields is {})', () => {
    const out = r.value({ callback: new URL(`https://app.example/cb?page=2&access_token=${secret}`) })
    expect(out).toEqual({ callback: 'https://app.example/cb?page=2&access_token=[REDACTED:url-secret]' })
  })

  it('a class with toJSON is what toJSON returns', () => {
    class Money {
      readonly cents: number
      constructor(cents: number) {
        this.cents = cents
      }
      toJSON(): string {
        return `${(this.cents / 100).toFixed(2)} EUR`
      }
    }
    expect(r.value({ total: new Money(1299) })).toEqual({ total: '12.99 EUR' })
  })

  it('a toJSON that returns its own object is cut as a cycle, and one that throws redacts the value', () => {
    const selfish = { toJSON: (): unknown => selfish }
    class Loop {
      toJSON(): unknown {
        return this
      }
    }
    class Broken {
      toJSON(): never {
        throw new Error(secret)
      }
    }
    expect(r.value({ a: new Loop() })).toEqual({ a: '[Circular]' })
    expect(json(new Broken())).not.toContain(secret)
    expect(JSON.stringify(r.value({ selfish }))).not.toContain(secret)
  })
})

describe('errors', () => {
  it('an AggregateError keeps its errors, each redacted', () => {
    const out = r.value(new AggregateError([new Error(`secret=${secret}`), new Error('plain')], 'two failed')) as {
      errors: { message: string }[]
    }
    expect(out.errors.map((e) => e.message)).toEqual(['secret=[REDACTED:url-secret]', 'plain'])
  })

  it('an HTTP client’s error carries the request’s headers: they go by name', () => {
    const err = Object.assign(new Error('Request failed with status code 401'), {
      config: { url: '/v1/me', headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' } },
    })
    expect(json({ err })).not.toContain(secret)
    expect(json({ err })).toContain('application/json')
  })
})

describe('key names', () => {
  it('short and provider-specific names of secrets and personal data', () => {
    const names = [
      'pass',
      'db_pass',
      'pw',
      'creds',
      'bearer',
      'X-Honeycomb-Team',
      'hmac_key',
      'code_verifier',
      'authorization_code',
      'client_assertion',
      'mnemonic',
      'seed_phrase',
      'wallet_seed',
      'security_answer',
      'secret_answer',
      'medical_record_number',
      'mrn',
      'health_insurance_number',
      'nin',
      'imei',
      'medicare_number',
      'birthday',
      'license_number',
      'voter_id',
      'X-Amzn-Oidc-Accesstoken',
      'X-Amzn-Oidc-Data',
      'X-Goog-Iap-Jwt-Assertion',
      'Cf-Access-Jwt-Assertion',
    ]
    const leaked = names.filter((name) => json({ [name]: secret }).includes(secret))
    expect(leaked).toEqual([])
  })

  it('their ordinary neighbours stay', () => {
    const input = {
      pass_count: 12,
      bypass: 'cache',
      passenger: 'seat 12A',
      compass: 'north',
      pw_length: 12,
      pwa: 'installed',
      passthrough: 'on',
      nine: 9,
      bearer_format: 'JWT',
      mnemonic_count: 12,
      seed: 42,
      birthday_party: 'friday',
      access_token_expires_at: '2026-11-27T10:00:00Z',
      refresh_token_ttl: 3600,
      'X-Amz-Date': '20261127T100000Z',
      // Pagination cursors and cancellation tokens are not credentials.
      next_page_token: 'CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0',
      NextToken: 'eyJwYWdlIjoyfQ9xK2mP',
      continuationToken: 'c2VxPTEyMzQ1Njc4OTA',
      // A boolean holds no secret: it says whether, not what.
      pass: true,
      password: false,
    }
    expect(r.value(input)).toEqual(input)
    const cursor = 'CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0'
    for (const line of [`next_page_token=${cursor}`, `continuation_token: ${cursor}`, `?pageToken=${cursor}&size=50`])
      expect(r.string(line)).toBe(line)
    expect(r.attributes({ pass: true, 'app.pw_length': 12 })).toEqual({ pass: true, 'app.pw_length': 12 })
  })
})
