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

  it('ingest --fetch-mib: listed with its default, and a value out of range is refused naming the flag', () => {
    expect(run('ingest', '--help').stdout).toMatch(/--fetch-mib <n>[\s\S]*?\(default:\s+32\)/)
    for (const bad of ['0', '257', '1.5', 'lots']) {
      const result = run('ingest', '--kafka', '127.0.0.1:9', '--fetch-mib', bad)
      expect(result.status).not.toBe(0)
      expect(result.stderr).toContain(`--fetch-mib expects a whole number from 1 to 256, got "${bad}"`)
    }
  })

  it('an unknown command fails with a usage error', () => {
    const result = run('frobnicate')
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain("unknown command 'frobnicate'")
  })
})
