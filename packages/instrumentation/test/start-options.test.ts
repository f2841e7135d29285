import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { resolveStartOptions } from '../src/start-options.ts'

describe('start() options', () => {
  it('fills from OTEL_* variables with documented defaults', () => {
    const resolved = resolveStartOptions(
      {},
      {
        OTEL_SERVICE_NAME: 'orders',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    )
    expect(resolved).toMatchObject({
      serviceName: 'orders',
      tracesUrl: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      environment: 'development',
      batch: { maxQueueSize: 4096, maxExportBatchSize: 512 },
    })
    expect(
      resolveStartOptions({ serviceName: 'a' }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://x/custom' }).tracesUrl,
    ).toBe('https://x/custom')
  })

  it('exports logs only when asked: logs: true or OTEL_LOGS_EXPORTER=otlp, to /v1/logs or OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }
    expect(resolveStartOptions({ serviceName: 'a' }, env).logsUrl).toBeUndefined()
    expect(resolveStartOptions({ serviceName: 'a', logs: true }, env).logsUrl).toBe('http://collector:4318/v1/logs')
    expect(resolveStartOptions({ serviceName: 'a' }, { ...env, OTEL_LOGS_EXPORTER: 'console,otlp' }).logsUrl).toBe(
      'http://collector:4318/v1/logs',
    )
    expect(
      resolveStartOptions({ serviceName: 'a', logs: false }, { ...env, OTEL_LOGS_EXPORTER: 'otlp' }).logsUrl,
    ).toBeUndefined()
    expect(
      resolveStartOptions(
        { serviceName: 'a', logs: true },
        { ...env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs/in' },
      ).logsUrl,
    ).toBe('https://logs/in')
  })

  it.each([
    [{}, /serviceName undefined is not valid/],
    [{ serviceName: 'has space' }, /serviceName "has space" is not valid/],
    [{ serviceName: 'a', protocol: 'grpc' }, /protocol "grpc" is not supported/],
    [{ serviceName: 'a', endpoint: 'ftp://x' }, /not an http\(s\) URL/],
    [{ serviceName: 'a', batch: { maxQueueSize: 0 } }, /batch.maxQueueSize = 0/],
    [{ serviceName: 'a', logs: 'yes' }, /logs = "yes": expected true or false/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveStartOptions(options as never, {})).toThrow(message)
  })

  it('calling start() twice is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-twice-'))
    const script = join(dir, 'twice.ts')
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url))
    writeFileSync(
      script,
      `import { start } from ${JSON.stringify(index)}\nconst a = start({ serviceName: 'one' })\ntry { start({ serviceName: 'two' }) } catch (e) { console.log(e.message) }\nawait a.shutdown()\n`,
    )
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' })
    rmSync(dir, { recursive: true, force: true })
    expect(result.stdout).toContain('start() was already called (service "one")')
  })
})
