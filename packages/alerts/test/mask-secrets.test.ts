// Secrets of receivers never reach logs, stored errors or the terminal: URL
// credentials and Slack webhook tokens are masked, known secret values too,
// and a URL that cannot be parsed is a permanent error that does not echo it.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { deliver } from '../src/http-delivery.ts'
import { maskSecrets } from '../src/mask-secrets.ts'

describe('maskSecrets', () => {
  it('masks URL credentials, Slack webhook paths and known secret values', () => {
    expect(maskSecrets('POST https://admin:s3cr3t@hooks.example.com/x failed')).toBe(
      'POST https://***@hooks.example.com/x failed',
    )
    expect(maskSecrets('to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX: 404')).toBe(
      'to https://hooks.slack.com/services/***: 404',
    )
    expect(maskSecrets('routing key R0UT1NGKEY123 invalid', ['R0UT1NGKEY123'])).toBe('routing key *** invalid')
    expect(maskSecrets('nothing secret here', ['ab'])).toBe('nothing secret here') // too short to mask safely
  })
})

describe('deliver', () => {
  it('a malformed receiver URL is permanent, and its text is not echoed', async () => {
    const result = await deliver({ url: 'http://admin:pw@[not-a-host/services/T1/B2/secret', headers: {}, body: '{}' })
    expect(result).toMatchObject({ ok: false, retry: false })
    expect(JSON.stringify(result)).not.toContain('pw@')
    expect(JSON.stringify(result)).not.toContain('secret')
  })

  it('an error body that echoes the secret is masked by the caller-side mask', async () => {
    const server = createServer((req, res) => res.writeHead(400).end(`bad token in ${req.url}`))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/TOPSECRET-123456`
      const result = await deliver({ url, headers: {}, body: '{}' })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error).toContain('TOPSECRET-123456')
        expect(maskSecrets(result.error, [url])).not.toContain('TOPSECRET-123456')
      }
    } finally {
      server.close()
    }
  })
})
