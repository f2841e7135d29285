// The demo shop: five services on 127.0.0.1 that call each other over HTTP.
//   gateway ─┬─ GET  /api/orders/:id        → orders   GET  /orders/:id
//            ├─ POST /api/login              → auth     POST /login
//            ├─ GET  /api/users/:id/profile  → auth     GET  /users/:id
//            └─ POST /api/checkout           → orders   POST /orders → payments POST /payments → notifications POST /notify

export const SERVICES = ['gateway', 'auth', 'orders', 'payments', 'notifications'] as const
export type ServiceName = (typeof SERVICES)[number]

/** Every normal (caller → callee route) call, for the baseline history. */
export const NORMAL_CALLS: readonly { caller: ServiceName | ''; callee: ServiceName; method: string; route: string }[] =
  [
    { caller: '', callee: 'gateway', method: 'GET', route: '/api/orders/:id' },
    { caller: 'gateway', callee: 'orders', method: 'GET', route: '/orders/:id' },
    { caller: '', callee: 'gateway', method: 'POST', route: '/api/login' },
    { caller: 'gateway', callee: 'auth', method: 'POST', route: '/login' },
    { caller: '', callee: 'gateway', method: 'GET', route: '/api/users/:id/profile' },
    { caller: 'gateway', callee: 'auth', method: 'GET', route: '/users/:id' },
    { caller: '', callee: 'gateway', method: 'POST', route: '/api/checkout' },
    { caller: 'gateway', callee: 'orders', method: 'POST', route: '/orders' },
    { caller: 'orders', callee: 'payments', method: 'POST', route: '/payments' },
    { caller: 'payments', callee: 'notifications', method: 'POST', route: '/notify' },
  ]

/** Orders belong to users: user N owns ids N*10 … N*10+9; anything else is someone else's (403). */
export const ownsOrder = (userNumber: number, orderId: number): boolean => Math.floor(orderId / 10) === userNumber

export const DEMO_PASSWORD = 'correct-horse'
