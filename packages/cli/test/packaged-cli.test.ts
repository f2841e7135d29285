// The command as a user installs it outside this repository: every package
// it needs built to JavaScript (`turbo run build`), packed (`npm pack`, dist
// only), installed from the tarballs into a fresh project without TypeScript
// or workspace sources, and run on the oldest Node the packages claim (22.15,
// from the npm registry's `node` package): replay → detect → findings and
// incidents, on the embedded store.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsToOtlpJsonLines } from '../../detector/test/support/rows-to-otlp-json.ts'
import { withBuildLock } from '../../../test/build-lock.ts'
import { BASE_SECONDS, Traffic } from '../../detector/test/support/traffic.ts'
import { CONSOLE_FILES } from '../src/console/console-assets.ts'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const OLDEST_NODE = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
).engines.node
  .replace(/^>=/, '')
  .replace(/^(\d+\.\d+)$/, '$1.0')
const PACKAGES = [
  'otlp',
  'store',
  'detector',
  'alerts',
  'dashboards',
  'gateway',
  'ingest',
  'detect',
  'alerts-pipeline',
  'instrumentation',
  'example-services',
  'cli',
].map((p) => `@tracehound/${p}`)
const project = mkdtempSync(join(tmpdir(), 'tracehound-packaged-cli-'))
// No source condition, no project Node first on PATH: what an installed command meets.
const env = { ...process.env, NODE_OPTIONS: '', npm_config_node_options: '' }
const installedEnv = { ...env, PATH: `${join(project, 'node_modules', '.bin')}:/usr/bin:/bin` }
const tracehound = (...args: string[]) =>
  spawnSync(join(project, 'node_modules', '.bin', 'tracehound'), args, {
    cwd: project,
    env: installedEnv,
    encoding: 'utf8',
  })

beforeAll(async () => {
  // One build at a time: the instrumentation's packaging test builds its dist/ too.
  await withBuildLock(() => {
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@tracehound/cli...'], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', project, ...PACKAGES.flatMap((p) => ['-w', p])],
      { cwd: REPO, env, stdio: ['ignore', 'pipe', 'inherit'] },
    )
  })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'packaged-cli', private: true, type: 'module' }))
  const tarballs = readdirSync(project).filter((f) => f.endsWith('.tgz'))
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', ...tarballs.map((t) => `./${t}`), `node@${OLDEST_NODE}`],
    {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
}, 600_000)

afterAll(() => rmSync(project, { recursive: true, force: true }))

describe('tracehound installed from its tarballs', () => {
  it('ships JavaScript only', () => {
    const cli = readdirSync(project).find((f) => f.startsWith('tracehound-cli-'))!
    const listing = execFileSync('tar', ['-tzf', join(project, cli)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
    expect(listing).toContain('package/dist/main.js')
    expect(listing).toContain('package/bin/tracehound.js')
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    // The console's static files ship as they are (no build step).
    for (const file of CONSOLE_FILES) expect(listing).toContain(`package/console/${file}`)
  })

  it(`runs replay → detect → findings → incidents on Node ${OLDEST_NODE}`, () => {
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
    const file = join(project, 'traffic.jsonl')
    writeFileSync(file, `${rowsToOtlpJsonLines(traffic.spans).join('\n')}\n`)
    const data = join(project, 'store')
    const version = spawnSync(join(project, 'node_modules', '.bin', 'node'), ['--version'], { encoding: 'utf8' })
    expect(version.stdout.trim()).toBe(`v${OLDEST_NODE}`)
    const replay = tracehound('replay', file, '--data', data, '--retention-days', '3650')
    expect(replay.status, replay.stderr).toBe(0)
    const detect = tracehound('detect', '--data', data, '--from', String(attack), '--to', String(attack + 60))
    expect(detect.status, detect.stderr).toBe(0)
    const findings = tracehound('findings', '--data', data, '--json')
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; entity: { user: string | null } })
    expect(findings.some((f) => f.kind === 'endpoint_abuse' && f.entity.user === 'user-7')).toBe(true)
    const incidents = tracehound('incidents', '--data', data, '--json')
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { title: string })
    expect(incidents.map((i) => i.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^user-7: /)]))
  })
})
