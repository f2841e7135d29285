// The real peers tracehound is checked against, built from the Go module
// proxy into a cache directory (never the repo): the OpenTelemetry Collector
// (its builder with scripts/interop/manifest.yaml) and telemetrygen. Built
// once; later runs reuse the binaries.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const VERSIONS = { builder: 'v0.165.0', telemetrygen: 'v0.161.0' }

export interface Peers {
  collector: string
  telemetrygen: string
}

export function cacheDir(): string {
  return join(process.env['TRACEHOUND_CACHE_DIR'] ?? join(homedir(), '.cache', 'tracehound'), 'otel')
}

function go(args: string[], cwd: string, what: string, log: (line: string) => void): void {
  log(`building ${what} (go ${args.join(' ')}) — a few minutes the first time`)
  const started = Date.now()
  const result = spawnSync('go', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOBIN: join(cacheDir(), 'bin') },
  })
  if (result.error) throw new Error(`go is needed to build ${what}: ${result.error.message}`)
  if (result.status !== 0) throw new Error(`building ${what} failed:\n${(result.stderr ?? '').slice(-3000)}`)
  log(`  built ${what} in ${Math.round((Date.now() - started) / 1000)} s`)
}

export function ensurePeers(log: (line: string) => void): Peers {
  const dir = cacheDir()
  mkdirSync(join(dir, 'bin'), { recursive: true })
  const telemetrygen = join(dir, 'bin', 'telemetrygen')
  if (!existsSync(telemetrygen))
    go(
      [
        'install',
        `github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@${VERSIONS.telemetrygen}`,
      ],
      dir,
      'telemetrygen',
      log,
    )
  const collector = join(dir, 'otelcol-tracehound', 'otelcol-tracehound')
  if (!existsSync(collector)) {
    const builder = join(dir, 'bin', 'builder')
    if (!existsSync(builder))
      go(
        ['install', `go.opentelemetry.io/collector/cmd/builder@${VERSIONS.builder}`],
        dir,
        'the Collector builder',
        log,
      )
    copyFileSync(fileURLToPath(new URL('manifest.yaml', import.meta.url)), join(dir, 'manifest.yaml'))
    log('building the OpenTelemetry Collector (builder --config manifest.yaml) — ~6 min on 2 cores the first time')
    const result = spawnSync(builder, ['--config', 'manifest.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    })
    if (result.status !== 0) throw new Error(`building the Collector failed:\n${(result.stderr ?? '').slice(-3000)}`)
  }
  return { collector, telemetrygen }
}
