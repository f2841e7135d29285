// `node_modules/.bin/tracehound` started directly by an older Node (this
// machine's system Node 20) says in one sentence what to do instead of
// dying on a `.ts` import with a stack trace.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const SYSTEM_NODE = '/usr/bin/node'

describe('bin/tracehound.js on an old Node', () => {
  it('refuses Node < 22.15 with one line that names the fix', () => {
    const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
    expect(version, "this test needs the machine's system Node older than 22.15 (see the machine facts)").toMatch(
      /^v(1\d|20|21|22\.(\d|1[0-4]))\./,
    )
    const result = spawnSync(SYSTEM_NODE, [BIN, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(`tracehound needs Node.js >= 22.15; this is ${version}`)
    expect(result.stderr).toMatch(/npm start, npx tracehound/)
  })

  it('runs on the project Node', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Usage: tracehound')
  })
})
