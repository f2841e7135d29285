// `tracehound alerts test` reaches a local receiver; a bad config names the key.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandIn, type StandIn } from '../../alerts/test/support/receiver-stand-ins.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-cli-alerts-'))
let slack: StandIn

// The stand-in runs in this process, so the CLI runs asynchronously beside it.
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

beforeAll(async () => {
  slack = await startStandIn('slack', { status: 200, body: 'ok' })
})
afterAll(async () => {
  await slack.close()
  rmSync(root, { recursive: true, force: true })
})

describe('tracehound alerts', () => {
  it('alerts test sends a sample finding to the receiver', async () => {
    const config = join(root, 'tracehound.yaml')
    writeFileSync(
      config,
      `alerts:\n  route:\n    receiver: team\n  receivers:\n    - name: team\n      type: slack\n      webhook_url: \${SLACK_URL}\n`,
    )
    const result = await run(['alerts', 'test', '--receiver', 'team', '--config', config], {
      SLACK_URL: `${slack.url}/services/T/B/x`,
    })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('test alert delivered to team (HTTP 200)')
    expect(slack.received).toHaveLength(1)
    expect(JSON.parse(slack.received[0]!.body)).toMatchObject({ text: expect.stringContaining('tracehound') })
  })

  it('a bad config names the key and what was expected', async () => {
    const config = join(root, 'bad.yaml')
    writeFileSync(
      config,
      `alerts:\n  route:\n    receiver: team\n    group_wait: whenever\n  receivers:\n    - name: team\n      type: slack\n      webhook_url: https://x.example/hook\n`,
    )
    const result = await run(['alerts', 'test', '--receiver', 'team', '--config', config])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('alerts.route.group_wait = "whenever": expected a duration like 30s, 5m, 4h')
  })

  it('silence add, list and expire', async () => {
    const data = join(root, 'store')
    const added = await run([
      'alerts',
      'silence',
      'add',
      '--data',
      data,
      '--matcher',
      'kind=new_edge',
      'service=orders',
      '--duration',
      '2h',
      '--comment',
      'deploying the new billing client',
    ])
    expect(added.status, added.stderr).toBe(0)
    const id = /silence (\S+) until/.exec(added.stdout)?.[1]
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const listed = await run(['alerts', 'silence', 'list', '--data', data])
    expect(listed.stdout).toContain(`${id}  until`)
    expect(listed.stdout).toContain('kind=new_edge, service=orders  — deploying the new billing client')
    expect((await run(['alerts', 'silence', 'expire', id!, '--data', data])).stdout).toContain(`silence ${id} expired`)
    expect((await run(['alerts', 'silence', 'list', '--data', data])).stdout).toContain('no silences')
    const bad = await run(['alerts', 'silence', 'add', '--data', data, '--matcher', 'colour=red'])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('matcher "colour=red": expected')
  })
})
