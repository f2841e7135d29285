// Runs the real `tracehound` bin in a child process, as a user would.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../src/commands.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })

describe('tracehound CLI', () => {
  it('--help lists every command of the design', () => {
    const help = run('--help')
    expect(help.status).toBe(0)
    for (const spec of COMMANDS) {
      const name = spec.usage.split(' ')[0] ?? ''
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    }
    expect(COMMANDS.map((c) => c.usage.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'up',
        'replay',
        'detect',
        'findings',
        'gateway',
        'ingest',
        'alerts',
        'migrate',
        'dashboards',
        'demo',
      ]),
    )
  })

  it('an unknown command fails with a usage error', () => {
    const result = run('frobnicate')
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain("unknown command 'frobnicate'")
  })
})
