// The console in a real browser (headless Chromium driven by puppeteer-core):
// `tracehound up` over a store holding an hour of ordinary traffic and two
// attacks — a scraper through gateway → orders whose user id is hostile HTML,
// and a compromised notifications service calling payments on a route full of
// markup. The page asks for the token, lists the incidents, opens one (its
// waterfall shows the attack's spans), and the graph marks the new edge red.
// Nothing from a span runs as script. Screenshots go to test-results/console/.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { ChdbStore, migrate } from '@tracehound/store'
import { detectRange } from '@tracehound/detector'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_SECONDS, Traffic } from '../../detector/test/support/traffic.ts'
import { until } from '../../../pipelines/ingest/test/support/otlp-messages.ts'
import { chromiumPath } from './support/chromium.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const SHOTS = fileURLToPath(new URL('../../../test-results/console/', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-console-'))
const TOKEN = 'console-test-token-1234'
const HOSTILE_USER = '<img src=x onerror="window.__pwned=1">'
const HOSTILE_ROUTE = `/payments/<script>window.__pwned=2</script>/${'x'.repeat(600)}`
const ATTACK = BASE_SECONDS + 60 * 60

let up: ChildProcess | undefined
let browser: Browser | undefined
let page: Page
let url = ''

/** One request through both hops, as one trace: gateway's server span → its client span → orders' server span. */
function order(traffic: Traffic, at: number, user: string, id: number, status: number): void {
  const client = `10.9.${id % 200}.1`
  const common = { at, method: 'GET', status, user, client }
  traffic.request({ ...common, service: 'gateway', route: '/api/orders/:id', path: `/api/orders/${id}` })
  const gateway = traffic.spans.at(-1)!
  const first = traffic.spans.length
  traffic.request({
    ...common,
    at: at + 0.01,
    service: 'orders',
    caller: 'gateway',
    route: '/orders/:id',
    path: `/orders/${id}`,
  })
  for (const span of traffic.spans.slice(first)) span.TraceId = gateway.TraceId
  traffic.spans[first]!.ParentSpanId = gateway.SpanId
  for (const span of traffic.spans.slice(first))
    span.SpanAttributes['correlation.id'] = gateway.SpanAttributes['correlation.id'] ?? ''
}

beforeAll(async () => {
  const dataDir = join(root, 'store')
  const store = await ChdbStore.open({ dataDir })
  // Recorded times (2026-11-25): a store that keeps ten years, whatever today is.
  await migrate(store, { retentionDays: 3650 })
  const traffic = new Traffic(41)
  for (let m = 0; m < 63; m++)
    for (let u = 0; u < 20; u++)
      order(traffic, BASE_SECONDS + m * 60 + ((u * 2.9) % 59), `user-${u}`, 1000 + u * 10 + (m % 3), 200)
  traffic.normal(BASE_SECONDS, 63, 10)
  for (let i = 0; i < 300; i++) order(traffic, ATTACK + i * 0.19, HOSTILE_USER, 5000 + i, i % 4 === 0 ? 200 : 403)
  for (let i = 0; i < 40; i++)
    traffic.request({
      at: ATTACK + 5 + i,
      service: 'payments',
      caller: 'notifications',
      method: 'POST',
      route: HOSTILE_ROUTE,
      path: '/payments/refund',
      status: 200,
      user: '',
      client: '10.0.9.9',
    })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `console-${i}` })
  await detectRange(store, { from: ATTACK, to: ATTACK + 120 })
  await store.close()

  up = spawn(process.execPath, [BIN, 'up', '--data', dataDir, '--port', '0', '--grpc-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRACEHOUND_GATEWAY_TOKEN: TOKEN },
  })
  let out = ''
  up.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  up.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  await until('up to print the console address', async () => /console on (http:\/\/\S+)\//.test(out), 60_000).catch(
    (e: Error) => {
      throw new Error(`${e.message}\n${out.slice(-2000)}`)
    },
  )
  url = /console on (http:\/\/\S+)\//.exec(out)![1]!
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
  page = await browser.newPage()
  await page.setViewport({ width: 1400, height: 1000 })
  mkdirSync(SHOTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  up?.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

const pwned = (): Promise<unknown> => page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)

describe('the console in a browser', () => {
  it('serves the page without the token, with a policy that allows no inline script, and the API only with it', async () => {
    const response = await fetch(`${url}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await fetch(`${url}/api/incidents`)).status).toBe(401)
    expect((await fetch(`${url}/console/../package.json`)).status).not.toBe(200)
  })

  it('asks for the token, then lists the incidents with hostile names shown as text', async () => {
    await page.goto(`${url}/`)
    await page.waitForSelector('#token-form input[name=token]')
    await page.type('#token-form input[name=token]', TOKEN)
    await page.click('#token-form button[type=submit]')
    await page.waitForSelector('tr.incident')
    const titles = await page.$$eval('tr.incident a', (links) => links.map((a) => a.textContent ?? ''))
    expect(titles.some((t) => t.includes(HOSTILE_USER))).toBe(true)
    expect(titles.some((t) => t.includes('notifications'))).toBe(true)
    // The hostile user id is text, not an element.
    expect(await page.$$('#view img')).toHaveLength(0)
    expect(await pwned()).toBeUndefined()
    await page.screenshot({ path: join(SHOTS, '1-incidents.png'), fullPage: true })
    // Filters narrow the list.
    await page.type('input[name=user]', 'onerror')
    const filtered = await page.$$eval('tr.incident a', (links) => links.map((a) => a.textContent ?? ''))
    expect(filtered.length).toBeGreaterThan(0)
    expect(filtered.every((t) => t.includes('onerror'))).toBe(true)
  })

  it('opens the scraper incident: findings with observed vs baseline, a chart, and the waterfall of its spans', async () => {
    await page.$eval('input[name=user]', (input) => {
      ;(input as unknown as { value: string }).value = ''
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    const id = await page.$$eval(
      'tr.incident',
      (rows, user) => rows.find((r) => r.textContent?.includes(user as string))?.getAttribute('data-id'),
      HOSTILE_USER,
    )
    expect(id).toMatch(/^inc-/)
    await page.click(`tr.incident[data-id="${id}"] a`)
    await page.waitForSelector('#incident .finding table.evidence')
    await page.waitForSelector('.waterfall .row.span')
    expect(await page.$eval('#incident h1', (h) => h.textContent)).toContain(HOSTILE_USER)
    expect(await page.$eval('.hop-path', (p) => p.textContent)).toContain('gateway → orders')
    expect(await page.$$('#incident figure.chart svg path.observed')).not.toHaveLength(0)
    const services = await page.$$eval('.waterfall .row.span', (rows) =>
      rows.map((r) => r.getAttribute('data-service')),
    )
    expect(services).toEqual(expect.arrayContaining(['gateway', 'orders']))
    const shown = await page.$eval('.waterfall', (w) => w.getAttribute('data-trace'))
    expect(shown).toMatch(/^[0-9a-f]{32}$/)
    expect(await page.$eval('.waterfall', (w) => w.textContent)).toMatch(/correlation id c-[0-9a-f]{12}/)
    expect(await pwned()).toBeUndefined()
    await page.screenshot({ path: join(SHOTS, '2-incident.png'), fullPage: true })
  })

  it('draws the service graph with the new edge in red, and opens it', async () => {
    await page.goto(`${url}/#/graph`)
    await page.waitForSelector('#graph select[name=minutes]')
    await page.select('select[name=minutes]', '360')
    const edge = 'g.edge-group[data-edge="notifications→payments"]'
    await page.waitForSelector(edge)
    expect(await page.$eval(edge, (g) => g.getAttribute('data-flagged'))).toBe('true')
    expect(await page.$eval('g.edge-group[data-edge="gateway→orders"]', (g) => g.getAttribute('data-flagged'))).toBe(
      'false',
    )
    await page.$eval(`${edge} path.edge-hit`, (p) => p.dispatchEvent(new Event('click', { bubbles: true })))
    await page.waitForSelector('.edge-details')
    expect(await page.$eval('.edge-details', (d) => d.textContent)).toMatch(/new edge/)
    expect(await pwned()).toBeUndefined()
    await page.screenshot({ path: join(SHOTS, '3-graph.png'), fullPage: true })
  })

  it('shows pipeline health from the store and this process', async () => {
    await page.goto(`${url}/#/health`)
    await page.waitForSelector('[data-key="open incidents"]')
    expect(Number(await page.$eval('[data-key="open incidents"]', (e) => e.textContent))).toBeGreaterThan(0)
    expect(await page.$eval('#health', (e) => e.textContent)).toMatch(/rows waiting for the store/)
    await page.screenshot({ path: join(SHOTS, '4-health.png'), fullPage: true })
  })
})
