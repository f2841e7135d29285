// Which routes the detector treats as authentication (credential stuffing is
// judged there): the names frameworks and identity providers actually use,
// not only ours — and ordinary resource routes stay out.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG } from '../src/index.ts'
import { isAuthEndpoint } from '../src/detector-config.ts'

describe('authentication routes', () => {
  it('recognises login routes as frameworks and identity providers name them', () => {
    for (const route of [
      '/login',
      '/api/login',
      '/users/sign_in', // Rails (Devise)
      '/accounts/log_in',
      '/signin',
      '/sign-in',
      '/oauth/token', // OAuth 2
      '/oauth2/authorize',
      '/v1/sessions',
      '/authenticate',
      '/realms/shop/protocol/openid-connect/token', // Keycloak
    ])
      expect(DEFAULT_DETECTOR_CONFIG.authRoute.test(route), route).toBe(true)
  })

  it('leaves ordinary resource routes out', () => {
    for (const route of ['/orders/:id', '/catalog', '/api/v2/wishlists/:id', '/cart/submit', '/payments/:id/refund'])
      expect(DEFAULT_DETECTOR_CONFIG.authRoute.test(route), route).toBe(false)
  })

  it('counts only calls that carry credentials: reading a session is no login', () => {
    expect(isAuthEndpoint(DEFAULT_DETECTOR_CONFIG, 'POST', '/v1/sessions')).toBe(true)
    expect(isAuthEndpoint(DEFAULT_DETECTOR_CONFIG, 'put', '/oauth/token')).toBe(true)
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(isAuthEndpoint(DEFAULT_DETECTOR_CONFIG, method, '/api/v2/sessions/:id'), method).toBe(false)
  })
})
