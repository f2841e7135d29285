import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseAlertsConfig } from '../src/index.ts'

const valid = `
alerts:
  environment: prod
  route:
    receiver: team-slack
    group_by: [kind, service]
    group_wait: 10s
    routes:
      - matchers: ['severity=critical']
        receiver: oncall
        continue: true
  receivers:
    - name: team-slack
      type: slack
      webhook_url: \${SLACK_HOOK}
    - name: oncall
      type: pagerduty
      routing_key_file: KEYFILE
    - name: siem
      type: webhook
      url: https://siem.example.com/hook
      hmac_secret: \${HOOK_SECRET}
`

describe('alerts config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-config-'))
  const keyFile = join(dir, 'pd-key')
  writeFileSync(keyFile, 'R0UTINGKEY\n')
  const env = { SLACK_HOOK: 'https://hooks.example/T1/B2/x', HOOK_SECRET: 's3cr3t' }

  it('parses, and resolves secrets from env and files', () => {
    const { config, secrets } = parseAlertsConfig(valid.replace('KEYFILE', keyFile), 'tracehound.yaml', env)
    expect(config.route.routes?.[0]?.receiver).toBe('oncall')
    expect(secrets.get('oncall')).toEqual({ routing_key: 'R0UTINGKEY' })
    expect(secrets.get('team-slack')).toEqual({ webhook_url: env.SLACK_HOOK })
  })

  it.each([
    [
      'a missing env secret names the receiver and key',
      valid.replace('KEYFILE', keyFile),
      { HOOK_SECRET: 'x' },
      /alerts\.receivers\[team-slack\]\.webhook_url: environment variable SLACK_HOOK is not set/,
    ],
    [
      'an unreadable secret file',
      valid,
      env,
      /alerts\.receivers\[oncall\]\.routing_key_file: cannot read "KEYFILE" \(ENOENT\)/,
    ],
    [
      'a bad duration names the key and value',
      valid.replace('group_wait: 10s', 'group_wait: soon').replace('KEYFILE', keyFile),
      env,
      /alerts\.route\.group_wait = "soon": expected a duration/,
    ],
    [
      'an unknown receiver in a route',
      valid.replace('receiver: oncall', 'receiver: nobody').replace('KEYFILE', keyFile),
      env,
      /alerts\.route\.routes\[0\]\.receiver = "nobody": no receiver with that name/,
    ],
    [
      'a bad matcher',
      valid.replace('severity=critical', 'color=red').replace('KEYFILE', keyFile),
      env,
      /alerts\.route\.routes\.0\.matchers\.0 = "color=red": expected `label=value`/,
    ],
    [
      'an unknown key',
      valid.replace('group_wait: 10s', 'group_wiat: 10s').replace('KEYFILE', keyFile),
      env,
      /alerts\.route: Unrecognized key/,
    ],
  ])('%s', (_name, text, environment, message) => {
    expect(() => parseAlertsConfig(text, 'tracehound.yaml', environment as NodeJS.ProcessEnv)).toThrow(ConfigError)
    expect(() => parseAlertsConfig(text, 'tracehound.yaml', environment as NodeJS.ProcessEnv)).toThrow(message)
  })

  it('never puts a secret value into an error', () => {
    try {
      parseAlertsConfig(
        valid.replace('receiver: oncall', 'receiver: nobody').replace('KEYFILE', keyFile),
        'tracehound.yaml',
        env,
      )
    } catch (err) {
      expect(String(err)).not.toContain('s3cr3t')
      expect(String(err)).not.toContain('R0UTINGKEY')
    }
    rmSync(dir, { recursive: true, force: true })
  })
})
