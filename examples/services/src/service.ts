// One demo service process (SERVICE_NAME, PEERS=name=url,…): instrumented
// with @tracehound/instrumentation, Express routes, calls its peers with fetch.
// The `/admin/*` routes exist so a compromised service has somewhere to go.
import { createRequire } from 'node:module'
import { logger, setUser, start } from '@tracehound/instrumentation'
import { DEMO_PASSWORD, ownsOrder } from './topology.ts'

const name = process.env['SERVICE_NAME'] ?? 'gateway'
const instrumentation = start({ serviceName: name, environment: 'demo', batch: { scheduledDelayMillis: 200 } })
const express = createRequire(import.meta.url)('express') as typeof import('express')
const peers = Object.fromEntries(
  (process.env['PEERS'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((p) => p.split('=') as [string, string]),
)
const log = logger.child({ component: 'demo' })

const app = express()
app.use(express.json())
const call = async (peer: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${peers[peer]}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}
const user = (req: { header(name: string): string | undefined }): string => req.header('x-user') ?? ''
const userNumber = (id: string): number => Number(/(\d+)$/.exec(id)?.[1] ?? -1)

if (name === 'gateway') {
  app.get('/api/orders/:id', async (req, res) => {
    setUser(user(req))
    const r = await call('orders', `/orders/${req.params.id}`, { headers: { 'x-user': user(req) } })
    res.status(r.status).json(r.body)
  })
  app.post('/api/login', async (req, res) => {
    setUser(String(req.body?.username ?? ''))
    const r = await call('auth', '/login', { method: 'POST', body: JSON.stringify(req.body ?? {}) })
    res.status(r.status).json(r.body)
  })
  app.get('/api/users/:id/profile', async (req, res) => {
    setUser(user(req))
    const r = await call('auth', `/users/${req.params.id}`)
    res.status(r.status).json(r.body)
  })
  app.post('/api/checkout', async (req, res) => {
    setUser(user(req))
    const r = await call('orders', '/orders', {
      method: 'POST',
      body: JSON.stringify({ user: user(req) }),
      headers: { 'x-user': user(req) },
    })
    res.status(r.status).json(r.body)
  })
}
if (name === 'orders') {
  app.get('/orders/:id', (req, res) => {
    setUser(user(req))
    const id = Number(req.params.id)
    if (!ownsOrder(userNumber(user(req)), id)) return void res.status(403).json({ error: 'not your order' })
    res.json({ id, status: 'shipped' })
  })
  app.post('/orders', async (req, res) => {
    setUser(user(req))
    const r = await call('payments', '/payments', { method: 'POST', body: JSON.stringify({ amount: 42 }) })
    res.status(r.status === 200 ? 201 : 502).json({ order: Date.now() % 100_000, payment: r.body })
  })
  app.get('/admin/dump', (_req, res) => void res.json({ rows: 1000 }))
}
if (name === 'auth') {
  app.post('/login', (req, res) => {
    const ok = req.body?.password === DEMO_PASSWORD
    setUser(String(req.body?.username ?? ''))
    // A careless log line: the redactor keeps the password out of logs and spans.
    log.info({ username: req.body?.username, password: req.body?.password }, ok ? 'login ok' : 'login failed')
    res.status(ok ? 200 : 401).json({ ok })
  })
  app.get('/users/:id', (req, res) => void res.json({ id: req.params.id, name: `User ${req.params.id}` }))
  app.get('/admin/users', (_req, res) => void res.json({ users: 20 }))
}
if (name === 'payments') {
  app.post('/payments', async (_req, res) => {
    await call('notifications', '/notify', { method: 'POST', body: JSON.stringify({ kind: 'receipt' }) })
    res.json({ paid: true })
  })
  app.get('/admin/keys', (_req, res) => void res.json({ keys: 3 }))
}
if (name === 'notifications') {
  app.post('/notify', (_req, res) => void res.json({ sent: true }))
  // The attack hook: pretend this service is compromised and explores the network.
  app.post('/debug/pivot', async (_req, res) => {
    const found = await Promise.all([
      call('auth', '/admin/users'),
      call('orders', '/admin/dump'),
      call('payments', '/admin/keys'),
    ])
    res.json({ found: found.map((f) => f.status) })
  })
}

const server = app.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`)
})
process.once('SIGTERM', () => {
  server.close()
  void instrumentation.shutdown().then(() => process.exit(0))
})
