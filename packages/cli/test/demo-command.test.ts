// `npm start` = `tracehound demo`: every injected attack kind is detected
// through the real pipeline, and the summary says so.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))

describe('tracehound demo', () => {
  it('detects scraping, enumeration, credential stuffing, new edges and lateral movement', () => {
    const result = spawnSync(process.execPath, [BIN, 'demo', '--warmup-seconds', '20', '--users', '12'], {
      encoding: 'utf8',
      timeout: 280_000,
    })
    expect(result.status, result.stdout + result.stderr).toBe(0)
    for (const kind of ['endpoint_abuse', 'enumeration', 'auth_failures', 'new_edge', 'lateral_movement']) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${kind}\\s+detected \\d+ s after injection`))
    }
    expect(result.stdout).toMatch(/5\/5 attack kinds detected/)
    // One attack, one incident: the findings of each attack are grouped across hops and kinds.
    expect(result.stdout).toMatch(/3 attacks → 3 incidents/)
  }, 300_000)

  it('--kafka runs the same demo through the distributed path: gateway → Kafka → consumer group → store', () => {
    const result = spawnSync(
      process.execPath,
      [BIN, 'demo', '--kafka', inject('kafkaBrokers'), '--warmup-seconds', '20', '--users', '12'],
      { encoding: 'utf8', timeout: 280_000 },
    )
    expect(result.status, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/pipeline on http:\/\/127\.0\.0\.1:\d+ \(Kafka 127\.0\.0\.1:\d+ → embedded store/)
    expect(result.stdout).toMatch(/5\/5 attack kinds detected/)
  }, 300_000)
})
