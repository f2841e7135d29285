// The package as a service team gets it: `npm pack` (prepack builds dist/),
// the tarball installed with Express into a fresh project that has no
// TypeScript and no workspace, and a plain-JavaScript service started on the
// oldest Node the package claims (22.15, from the npm registry's `node`
// package). It must import, serve, export spans with correlation ids and
// redact its log lines.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withBuildLock } from '../../../test/build-lock.ts'
import { startOtlpReceiver } from './support/otlp-receiver.ts'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const OLDEST_NODE = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
).engines.node
  .replace(/^>=/, '')
  .replace(/^(\d+\.\d+)$/, '$1.0')
const project = mkdtempSync(join(tmpdir(), 'tracehound-packaged-'))
// The test's own NODE_OPTIONS resolve workspace sources; an installed package must work without them.
const env = { ...process.env, NODE_OPTIONS: '', npm_config_node_options: '' }

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let tarball = ''

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  // One build at a time: the CLI's packaging test builds this package's dist/ too.
  await withBuildLock(() =>
    execFileSync('npm', ['pack', '-w', '@tracehound/instrumentation', '--pack-destination', project, '--silent'], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  )
  tarball = readdirSync(project).find((f) => f.endsWith('.tgz')) ?? ''
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'packaged-shop', private: true, type: 'module', allowScripts: { node: true } }),
  )
  copyFileSync(fileURLToPath(new URL('./packaged/service.mjs', import.meta.url)), join(project, 'service.mjs'))
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', `./${tarball}`, 'express@^5', `node@${OLDEST_NODE}`],
    { cwd: project, env, stdio: ['ignore', 'pipe', 'inherit'] },
  )
}, 300_000)

afterAll(async () => {
  await receiver?.close()
  rmSync(project, { recursive: true, force: true })
})

describe('@tracehound/instrumentation from its tarball', () => {
  it('ships built JavaScript and declarations only', () => {
    const listing = execFileSync('tar', ['-tzf', join(project, tarball)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
    expect(listing).toContain('package/dist/index.js')
    expect(listing).toContain('package/dist/index.d.ts')
    expect(listing).toContain('package/dist/register.js')
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
  })

  it(`imports and traces a plain JavaScript Express service on Node ${OLDEST_NODE}`, async () => {
    const node = join(project, 'node_modules', '.bin', 'node')
    const child = spawn(node, ['service.mjs'], {
      cwd: project,
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      await expect.poll(() => out + err, { timeout: 30_000 }).toMatch(/LISTENING \d+|Error/)
      const [, port, version] = /LISTENING (\d+) (\S+)/.exec(out) ?? []
      expect(err).toBe('')
      expect(version).toBe(`v${OLDEST_NODE}`)
      const response = await fetch(`http://127.0.0.1:${port}/items/7`, {
        headers: { 'x-correlation-id': 'packaged-1' },
      })
      expect(await response.json()).toEqual({ id: '7' })
      expect(response.headers.get('x-correlation-id')).toBe('packaged-1')
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      const server = receiver.spans.find((s) => s.SpanKind === 'Server')
      expect(server).toMatchObject({ ServiceName: 'packaged-shop', SpanName: 'GET /items/:id' })
      expect(server!.SpanAttributes['correlation.id']).toBe('packaged-1')
      const line = out.split('\n').filter((l) => l.includes('"component":"packaged"'))[0] ?? ''
      expect(JSON.parse(line)).toMatchObject({ correlation_id: 'packaged-1', msg: 'item 7' })
      expect(line).not.toContain('hunter2-secret')
    } finally {
      child.kill('SIGKILL')
    }
  }, 60_000)
})
