// One tracehound.yaml for every stage: the file sets values, TRACEHOUND_*
// variables override it, typed flags override both; a bad value is refused
// with the key, the value and what was expected.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTracehoundConfig } from '../src/config/tracehound-config.ts'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-config-'))
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } })
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tracehound.yaml', () => {
  it('the file, then TRACEHOUND_* variables, then flags decide where the store is', () => {
    const config = join(root, 'tracehound.yaml')
    writeFileSync(config, `store:\n  data: ${join(root, 'from-file')}\n`)
    expect(run(['migrate', '--config', config]).status).toBe(0)
    expect(existsSync(join(root, 'from-file'))).toBe(true)
    expect(run(['migrate', '--config', config], { TRACEHOUND_DATA: join(root, 'from-env') }).status).toBe(0)
    expect(existsSync(join(root, 'from-env'))).toBe(true)
    expect(
      run(['migrate', '--config', config, '--data', join(root, 'from-flag')], {
        TRACEHOUND_DATA: join(root, 'from-env-2'),
      }).status,
    ).toBe(0)
    expect(existsSync(join(root, 'from-flag'))).toBe(true)
    expect(existsSync(join(root, 'from-env-2'))).toBe(false)
    // ./tracehound.yaml is read without --config.
    expect(run(['migrate']).stdout).toContain(join(root, 'from-file'))
  })

  it.each([
    [
      'store:\n  clickhouse:\n    url: ftp://ch:9000\n',
      /store\.clickhouse\.url = "ftp:\/\/ch:9000": expected an http\(s\):\/\/ URL/,
    ],
    // A password in a refused URL is not printed back.
    [
      'store:\n  clickhouse:\n    url: ftp://admin:hunter2pw@ch:9000\n',
      /store\.clickhouse\.url = "ftp:\/\/\*\*\*@ch:9000": expected/,
    ],
    ['kafka:\n  brokers: [localhost]\n', /kafka\.brokers\.0 = "localhost": expected host:port/],
    ['gateway:\n  port: 99999\n', /gateway\.port = 99999: /],
    ['detect:\n  sensitivty: 3\n', /detect: Unrecognized key: "sensitivty"/],
    ['store: [1, 2\n', /not valid YAML/],
    [
      'detect:\n  incidents:\n    links: [friends]\n',
      /detect\.incidents\.links\.0 = "friends": Invalid option: expected one of "principal"\|"traces"/,
    ],
  ])('refuses %j naming the key', (text, message) => {
    const file = join(root, `bad-${Math.random().toString(36).slice(2)}.yaml`)
    writeFileSync(file, text)
    expect(() => loadTracehoundConfig(file, {})).toThrow(message)
    const result = run(['migrate', '--config', file])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it('reports every problem at once, each with where its value came from', () => {
    const file = join(root, 'many-problems.yaml')
    writeFileSync(
      file,
      'store:\n  clickhouse:\n    url: ftp://admin:hunter2pw@ch:9000\ngateway:\n  port: 99999\ndetect:\n  sensitivty: 3\n',
    )
    let message = ''
    try {
      loadTracehoundConfig(file, { TRACEHOUND_KAFKA_BROKERS: 'nohost' })
    } catch (err) {
      message = (err as Error).message
    }
    const lines = message.split('\n')
    expect(lines[0]).toBe(`${file}: 4 problems`)
    expect(lines.slice(1).sort()).toEqual(
      [
        '  - store.clickhouse.url = "ftp://***@ch:9000": expected an http(s):// URL, e.g. https://clickhouse:8443',
        '  - gateway.port = 99999: Too big: expected number to be <=65535',
        '  - detect: Unrecognized key: "sensitivty"',
        '  - environment variable TRACEHOUND_KAFKA_BROKERS: kafka.brokers.0 = "nohost": expected host:port',
      ].sort(),
    )
  })

  it('TRACEHOUND_CONFIG names the file when --config is not given', () => {
    const file = join(root, 'from-variable.yaml')
    writeFileSync(file, `store:\n  data: ${join(root, 'via-variable')}\n`)
    expect(run(['migrate'], { TRACEHOUND_CONFIG: file }).status).toBe(0)
    expect(existsSync(join(root, 'via-variable'))).toBe(true)
  })

  it('a bad environment variable is named', () => {
    expect(() => loadTracehoundConfig(undefined, { TRACEHOUND_GATEWAY_PORT: 'eighty' }, `${root}/nowhere`)).toThrow(
      /environment variable TRACEHOUND_GATEWAY_PORT = "eighty": expected a whole number \(it sets gateway\.port\)/,
    )
    expect(() => loadTracehoundConfig(undefined, { TRACEHOUND_GATEWAY_PORT: 'abc' }, `${root}/nowhere`)).not.toThrow(
      /null/,
    )
  })

  it('a missing --config file is an error, not silently ignored', () => {
    const result = run(['migrate', '--config', join(root, 'nope.yaml')])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('nope.yaml: cannot read the config file (ENOENT)')
  })
})
