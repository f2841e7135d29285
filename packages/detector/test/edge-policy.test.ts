import { describe, expect, it } from 'vitest'
import { EdgePolicyError, edgeAllowed, parseEdgePolicy } from '../src/edge-policy.ts'

describe('edge policy', () => {
  const policy = parseEdgePolicy(
    ['gateway -> orders', 'orders -> payments POST /charge', '* -> auth', 'batch -> * GET *'],
    'policy.yaml',
  )

  it.each([
    [{ caller: 'gateway', callee: 'orders', method: 'GET', route: '/orders/:id' }, true],
    [{ caller: 'orders', callee: 'payments', method: 'POST', route: '/charge' }, true],
    [{ caller: 'orders', callee: 'payments', method: 'POST', route: '/refund' }, false],
    [{ caller: 'orders', callee: 'payments', method: 'GET', route: '/charge' }, false],
    [{ caller: 'anyone', callee: 'auth', method: 'POST', route: '/login' }, true],
    [{ caller: 'batch', callee: 'users', method: 'GET', route: '/users' }, true],
    [{ caller: 'batch', callee: 'users', method: 'DELETE', route: '/users' }, false],
    [{ caller: 'payments', callee: 'orders', method: 'GET', route: '/orders' }, false],
  ])('%o allowed: %s', (edge, allowed) => {
    expect(edgeAllowed(policy, edge)).toBe(allowed)
  })

  it('accepts a mapping with an edges list (the simulator labels file)', () => {
    expect(parseEdgePolicy({ seed: 1, edges: ['a -> b'] }, 'labels.json')).toEqual(['a -> b'])
  })

  it.each([
    [{}, 'labels.json: expected a list of edges'],
    [[], 'the edges list is empty, which would forbid every call'],
    [['a -> b', 7], 'edge 2 is 7; expected "caller -> callee"'],
    [['a => b'], 'edge 1 is "a => b"'],
    [['a -> b GET'], 'edge 1 is "a -> b GET"'],
  ])('refuses %o, naming the file and the entry', (document, message) => {
    expect(() => parseEdgePolicy(document, 'labels.json')).toThrow(EdgePolicyError)
    expect(() => parseEdgePolicy(document, 'labels.json')).toThrow(message)
  })
})
