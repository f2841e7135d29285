// detect.principals: a service's own keys read as the standard principal
// attributes, only where the span has none of them.
import { describe, expect, it } from 'vitest'
import { applyPrincipalAliases } from '../src/principal-aliases.ts'

const span = (attributes: Record<string, string>) => ({ SpanAttributes: { ...attributes } })

describe('applyPrincipalAliases', () => {
  const aliases = { user: ['customer_id', 'account.id'], address: ['x-real-ip'] }

  it('copies the first configured key that is set to user.id / client.address', () => {
    const [row] = applyPrincipalAliases(
      [span({ 'account.id': 'acct-9', customer_id: '', 'x-real-ip': '203.0.113.5' })],
      aliases,
    )
    expect(row!.SpanAttributes).toEqual({
      'account.id': 'acct-9',
      customer_id: '',
      'x-real-ip': '203.0.113.5',
      'user.id': 'acct-9',
      'client.address': '203.0.113.5',
    })
  })

  it('leaves spans that already name their principal under a standard key', () => {
    const rows = [
      span({
        'enduser.id': 'legacy',
        customer_id: 'c-1',
        'http.request.header.x-forwarded-for': '198.51.100.1',
        'x-real-ip': '10.0.0.1',
      }),
      span({ 'user.name': 'tried@example.com', customer_id: 'c-2' }),
    ]
    applyPrincipalAliases(rows, aliases)
    expect(rows.map((r) => [r.SpanAttributes['user.id'], r.SpanAttributes['client.address']])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ])
  })

  it('is a no-op without aliases', () => {
    const rows = [span({ customer_id: 'c-1' })]
    expect(applyPrincipalAliases(rows, undefined)[0]!.SpanAttributes).toEqual({ customer_id: 'c-1' })
    expect(applyPrincipalAliases(rows, {})[0]!.SpanAttributes).toEqual({ customer_id: 'c-1' })
  })
})
