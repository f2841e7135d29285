// The detection workflow on the embedded store, as a user runs it:
// tracehound replay → tracehound detect --from --to → tracehound findings --json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { rowsToOtlpJsonLines } from '../../detector/test/support/rows-to-otlp-json.ts'
import { BASE_SECONDS, Traffic } from '../../detector/test/support/traffic.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
const root = mkdtempSync(join(tmpdir(), 'tracehound-cli-detect-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('replay → detect → findings', () => {
  it('finds the injected scraping and credential stuffing, as JSON lines in the design shape', () => {
    const traffic = new Traffic(5)
    traffic.normal(BASE_SECONDS, 45, 20)
    const attack = BASE_SECONDS + 44 * 60
    for (let i = 0; i < 200; i++)
      traffic.request({
        at: attack + i * 0.25,
        service: 'orders',
        caller: 'gateway',
        method: 'GET',
        route: '/orders/:id',
        path: `/orders/${9000 + i}`,
        status: 404,
        user: 'user-7',
        client: '10.0.3.7',
      })
    for (let i = 0; i < 40; i++)
      traffic.request({
        at: attack + i,
        service: 'auth',
        caller: 'gateway',
        method: 'POST',
        route: '/login',
        path: '/login',
        status: 401,
        user: `victim-${i % 20}`,
        client: '198.51.100.4',
      })
    const file = join(root, 'traffic.jsonl')
    writeFileSync(file, `${rowsToOtlpJsonLines(traffic.spans).join('\n')}\n`)
    const data = join(root, 'store')

    const replay = run('replay', file, '--data', data, '--retention-days', '3650')
    expect(replay.status, replay.stderr).toBe(0)
    const detect = run(
      'detect',
      '--data',
      data,
      '--from',
      new Date(attack * 1000).toISOString(),
      '--to',
      String(attack + 60),
    )
    expect(detect.status, detect.stderr).toBe(0)
    expect(detect.stdout).toMatch(/endpoint_abuse\s+user user-7 made/)
    expect(detect.stdout).toMatch(/detected over 1 windows: \d+ open/)

    const listed = run('findings', '--data', data, '--json')
    expect(listed.status, listed.stderr).toBe(0)
    const findings = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const kinds = new Set(findings.map((f) => f['kind']))
    expect(kinds).toEqual(new Set(['endpoint_abuse', 'enumeration', 'auth_failures', 'rate_spike']))
    for (const f of findings) {
      expect(Object.keys(f)).toEqual([
        'id',
        'fingerprint',
        'kind',
        'severity',
        'score',
        'entity',
        'window',
        'summary',
        'evidence',
        'status',
      ])
      expect(f['window']).toMatchObject({
        start: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        end: expect.stringMatching(/Z$/),
      })
      expect(Object.keys(f['entity'] as object)).toEqual(['service', 'endpoint', 'edge', 'user'])
    }
    const onlyStuffing = run('findings', '--data', data, '--json', '--kind', 'auth_failures')
    // Per address, and endpoint-wide: both are stuffing, nothing else is listed.
    const stuffing = onlyStuffing.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string })
    expect(stuffing.length).toBeGreaterThanOrEqual(1)
    expect(stuffing.every((f) => f.kind === 'auth_failures')).toBe(true)
    const badKind = run('findings', '--data', data, '--kind', 'nonsense')
    expect(badKind.status).not.toBe(0)
    expect(badKind.stderr).toContain('--kind expects one of endpoint_abuse')

    // Two attacks (user-7 scraping, stuffing from one address) → two incidents, every finding in one of them.
    expect(detect.stdout).toMatch(/; 2 incidents\n/)
    const incidents = run('incidents', '--data', data, '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(incidents).toHaveLength(2)
    for (const i of incidents)
      expect(Object.keys(i)).toEqual(
        expect.arrayContaining([
          'id',
          'title',
          'severity',
          'status',
          'first_seen',
          'last_seen',
          'kinds',
          'entities',
          'finding_ids',
          'reasons',
        ]),
      )
    expect(incidents.flatMap((i) => i['finding_ids'] as string[]).sort()).toEqual(
      findings.map((f) => f['id'] as string).sort(),
    )
    const scraper = incidents.find((i) => (i['entities'] as { users: string[] }).users.includes('user-7'))!
    expect(scraper['kinds']).toEqual(expect.arrayContaining(['endpoint_abuse', 'enumeration']))
    expect(scraper['title']).toMatch(/^user-7: /)
    const table = run('incidents', '--data', data)
    expect(table.stdout).toMatch(/open\s+(critical|high|medium|low)\s+\d+ findings\s+user-7: /)
    expect(run('incidents', '--data', data, '--status', 'bogus').stderr).toContain(
      '--status expects one of open, resolved, merged',
    )
  })

  it('--edge-policy: calls outside the allow-list are policy violations; a bad policy file is named and changes nothing', () => {
    const traffic = new Traffic(6)
    traffic.normal(BASE_SECONDS, 30, 10)
    const file = join(root, 'policy-traffic.jsonl')
    writeFileSync(file, `${rowsToOtlpJsonLines(traffic.spans).join('\n')}\n`)
    const data = join(root, 'policy-store')
    expect(run('replay', file, '--data', data, '--retention-days', '3650').status).toBe(0)
    const from = String(BASE_SECONDS + 29 * 60)
    const to = String(BASE_SECONDS + 30 * 60)

    const badPolicy = join(root, 'bad-policy.yaml')
    writeFileSync(badPolicy, '- gateway -> orders\n- gateway to users\n')
    const refused = run('detect', '--data', data, '--from', from, '--to', to, '--edge-policy', badPolicy)
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain(`${badPolicy}: edge 2 is "gateway to users"; expected "caller -> callee"`)
    expect(run('findings', '--data', data, '--json').stdout.trim()).toBe('')

    const policy = join(root, 'policy.yaml')
    writeFileSync(
      policy,
      '# zero trust: the gateway may read orders and profiles\n- gateway -> orders GET /orders/:id\n- gateway -> users\n',
    )
    const detect = run('detect', '--data', data, '--from', from, '--to', to, '--edge-policy', policy)
    expect(detect.status, detect.stderr).toBe(0)
    const findings = run('findings', '--data', data, '--json', '--kind', 'policy_violation')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { entity: { edge: { from: string; to: string } }; summary: string })
    expect(findings.map((f) => f.entity.edge)).toEqual([{ from: 'gateway', to: 'auth' }])
    expect(findings[0]!.summary).toContain('the edge policy does not allow it')
  })

  it('--inventory: routes an OpenAPI file does not declare are shadow endpoints; a bad file is named and changes nothing', () => {
    const traffic = new Traffic(8)
    traffic.normal(BASE_SECONDS, 5, 10)
    const file = join(root, 'inventory-traffic.jsonl')
    writeFileSync(file, `${rowsToOtlpJsonLines(traffic.spans).join('\n')}\n`)
    const data = join(root, 'inventory-store')
    expect(run('replay', file, '--data', data, '--retention-days', '3650').status).toBe(0)
    const range = ['--data', data, '--from', String(BASE_SECONDS + 4 * 60), '--to', String(BASE_SECONDS + 5 * 60)]

    const inventory = join(root, 'inventory')
    mkdirSync(inventory)
    writeFileSync(
      join(inventory, 'orders.yaml'),
      'openapi: 3.1.0\ninfo: { title: orders, version: "1" }\npaths:\n  /orders/{orderId}:\n    get: {}\n',
    )
    writeFileSync(
      join(inventory, 'users.json'),
      JSON.stringify({ swagger: '2.0', paths: { '/users/{id}': { get: {} } } }),
    )
    writeFileSync(join(inventory, 'README.md'), 'not an inventory file: ignored')

    const bad = join(root, 'bad-inventory')
    mkdirSync(bad)
    writeFileSync(join(bad, 'orders.yaml'), 'info: { title: orders }\npaths: {}\n')
    const refused = run('detect', ...range, '--inventory', bad)
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain(`${join(bad, 'orders.yaml')}: no "openapi: 3.x" or "swagger: '2.0'" key`)
    expect(run('findings', '--data', data, '--json').stdout.trim()).toBe('')

    // Five minutes of history: the learned inventory is still learning, the declared one is not.
    const detect = run('detect', ...range, '--inventory', inventory)
    expect(detect.status, detect.stderr).toBe(0)
    const shadows = run('findings', '--data', data, '--json', '--kind', 'shadow_endpoint')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { entity: { service: string; endpoint: string } })
    expect(shadows.map((f) => [f.entity.service, f.entity.endpoint])).toEqual([['users', 'GET /users/:id/profile']])
  })
})
