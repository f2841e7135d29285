// How a shop names its parts: the entry service, the auth service, the API
// prefix, the login route and the two-step flow differ between real systems
// (api-gateway vs edge vs bff, /api vs /v1, /login vs /oauth/token vs
// /users/sign_in). Drawn per seed from its own stream, so the shape of the
// topology (services, endpoints, calls) is the same with any naming, and a
// detector that leaned on our names would fail on other seeds.
import { seededRandom } from './random.ts'

export interface NamingStyle {
  /** The service users' requests enter through. */
  entry: string
  /** The service that checks passwords. */
  auth: string
  /** Prefix of the entry service's routes ('' for none). */
  apiPrefix: string
  /** The auth service's own login route, and its refresh route. */
  login: string
  refresh: string
  /** The entry service's two-step flow: `first`, then `then`. */
  flowFirst: string
  flowThen: string
}

const ENTRY = ['gateway', 'api-gateway', 'edge', 'bff', 'web-api', 'ingress-api']
const AUTH = ['auth', 'identity', 'sso', 'iam', 'auth-service', 'login-service']
const PREFIX = ['/api', '/v1', '/api/v2', '']
const LOGIN = [
  { login: '/login', refresh: '/token/refresh' },
  { login: '/oauth/token', refresh: '/oauth/refresh' },
  { login: '/users/sign_in', refresh: '/users/refresh' },
  { login: '/v1/sessions', refresh: '/v1/sessions/refresh' },
  { login: '/authenticate', refresh: '/authenticate/refresh' },
]
const FLOW = [
  { first: '/checkout', second: '/checkout/confirm' },
  { first: '/cart/submit', second: '/orders/place' },
  { first: '/payment/intent', second: '/payment/capture' },
  { first: '/quote', second: '/quote/accept' },
]

/** The naming this repository's first simulator used (and the seeds it was tuned on). */
export const CLASSIC_NAMING: NamingStyle = {
  entry: 'gateway',
  auth: 'auth',
  apiPrefix: '/api',
  login: '/login',
  refresh: '/token/refresh',
  flowFirst: '/checkout',
  flowThen: '/checkout/confirm',
}

export function namingStyleFor(seed: number): NamingStyle {
  const random = seededRandom((seed * 2654435761) ^ 0x5bd1e995)
  const login = random.pick(LOGIN)
  const flow = random.pick(FLOW)
  return {
    entry: random.pick(ENTRY),
    auth: random.pick(AUTH),
    apiPrefix: random.pick(PREFIX),
    login: login.login,
    refresh: login.refresh,
    flowFirst: flow.first,
    flowThen: flow.second,
  }
}
