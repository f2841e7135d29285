// docker-compose.yml cannot run here (no Docker engine), so it is checked
// statically: everything it references exists in the repo, every tracehound
// command line parses with the real CLI, and the names and ports the
// services, configs, provisioning and the header comment use agree.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../packages/cli/src/program.ts'
import { loadTracehoundConfig } from '../packages/cli/src/config/tracehound-config.ts'
import { parseAlertsConfig } from '../packages/alerts/src/alerts-config.ts'
import { SERVICES } from '../examples/services/src/topology.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8')

interface Service {
  image?: string
  build?: { context: string; dockerfile: string }
  command?: string[]
  entrypoint?: string[]
  ports?: string[]
  environment?: Record<string, string | number>
  volumes?: string[]
  depends_on?: string[] | Record<string, unknown>
  profiles?: string[]
}
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>
  volumes: Record<string, unknown>
}
const services = compose.services
const env = (s: Service, key: string): string | undefined =>
  s.environment?.[key] === undefined ? undefined : String(s.environment[key])

/** host path of a bind mount, or undefined for a named volume */
const bindMounts = (s: Service): { host: string; container: string }[] =>
  (s.volumes ?? []).flatMap((v) => {
    const [host = '', container = ''] = v.split(':')
    return host.startsWith('./') ? [{ host: join(root, host), container }] : []
  })

const containerPorts = (s: Service): number[] => (s.ports ?? []).map((p) => Number(String(p).split(':').pop()))
const hostPorts = (s: Service): number[] => (s.ports ?? []).map((p) => Number(String(p).split(':')[0]))

const tracehoundConfigPath = join(root, 'deploy/tracehound/tracehound.yaml')
const { config } = loadTracehoundConfig(tracehoundConfigPath, {})

describe('docker-compose.yml', () => {
  it('has the whole distributed stack', () => {
    for (const name of [
      'kafka',
      'clickhouse',
      'grafana',
      'prometheus',
      'otel-collector',
      'tracehound-migrate',
      'tracehound-gateway',
      'tracehound-ingest',
      'tracehound-detect',
      'tracehound-alerts',
      'shop-traffic',
    ]) {
      expect(services, name).toHaveProperty(name)
    }
    for (const service of SERVICES) expect(services, `shop-${service}`).toHaveProperty(`shop-${service}`)
  })

  it('references only build contexts, Dockerfiles and bind-mounted files that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) {
        expect(existsSync(join(root, s.build.context)), `${name} build context`).toBe(true)
        expect(existsSync(join(root, s.build.context, s.build.dockerfile)), `${name} Dockerfile`).toBe(true)
      }
      for (const mount of bindMounts(s)) expect(existsSync(mount.host), `${name} mounts ${mount.host}`).toBe(true)
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0] ?? ''
        if (!source.startsWith('./') && !source.startsWith('/'))
          expect(compose.volumes, `${name} named volume ${source}`).toHaveProperty(source)
      }
      const dependsOn = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {})
      for (const dep of dependsOn) expect(services, `${name} depends on ${dep}`).toHaveProperty(dep)
      expect(s.image ?? s.build, `${name} has an image or a build`).toBeTruthy()
    }
  })

  it('copies into the image only folders that exist', () => {
    const dockerfile = readFileSync(join(root, 'deploy/tracehound/Dockerfile'), 'utf8')
    for (const [, sources] of dockerfile.matchAll(/^COPY (.+) \S+$/gm)) {
      for (const source of sources!.split(/\s+/)) expect(existsSync(join(root, source)), `COPY ${source}`).toBe(true)
    }
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "packages\/cli\/bin\/tracehound.js"\]/)
    expect(existsSync(join(root, 'packages/cli/bin/tracehound.js'))).toBe(true)
  })

  it('runs tracehound commands the CLI accepts, with config files that are mounted', () => {
    const program = buildProgram('0.0.0')
    const stages = Object.entries(services).filter(([, s]) => s.build)
    expect(stages.length).toBeGreaterThanOrEqual(5)
    for (const [name, s] of stages) {
      const args = s.command ?? []
      const configAt = args.indexOf('--config')
      expect(configAt, `${name} passes --config`).toBeGreaterThanOrEqual(0)
      const configFile = args[configAt + 1]!
      expect(
        bindMounts(s).some((m) => m.container === configFile && statSync(m.host).isFile()),
        `${name}: ${configFile} is mounted`,
      ).toBe(true)
      const rest = args.filter((_, i) => i !== configAt && i !== configAt + 1)
      const sub = program.commands.find((c) => c.name() === rest[0]) as Command | undefined
      expect(sub, `${name}: command ${rest[0]}`).toBeDefined()
      // A command with subcommands runs its default one (`alerts` → `alerts run`) when none is named.
      // (commander keeps the default's name in a private field; no public accessor exists)
      const defaultName = (sub as unknown as { _defaultCommandName?: string })._defaultCommandName
      const runs =
        sub!.commands.find((c) => c.name() === rest[1]) ?? sub!.commands.find((c) => c.name() === defaultName) ?? sub!
      const known = new Set(runs.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]))
      for (const flag of rest.filter((a) => a.startsWith('--')))
        expect(known, `${name}: ${rest[0]} ${flag}`).toContain(flag)
    }
  })

  it('runs the shop from files that exist, with peers and ports that agree', () => {
    for (const service of SERVICES) {
      const s = services[`shop-${service}`]!
      expect(existsSync(join(root, s.entrypoint![1]!)), s.entrypoint![1]).toBe(true)
      expect(env(s, 'SERVICE_NAME')).toBe(service)
      expect(env(s, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(`http://tracehound-gateway:${config.gateway?.port}`)
      for (const peer of (env(s, 'PEERS') ?? '').split(',')) {
        const [peerName, url] = peer.split('=')
        const target = new URL(url!)
        expect(target.hostname).toBe(`shop-${peerName}`)
        expect(Number(target.port)).toBe(Number(env(services[target.hostname]!, 'PORT')))
      }
    }
    const traffic = services['shop-traffic']!
    expect(existsSync(join(root, traffic.entrypoint![1]!))).toBe(true)
    for (const key of ['GATEWAY_URL', 'NOTIFICATIONS_URL']) {
      const url = new URL(env(traffic, key)!)
      expect(Number(url.port)).toBe(Number(env(services[url.hostname]!, 'PORT')))
    }
  })

  it('wires Kafka, ClickHouse and the gateway as tracehound.yaml says', () => {
    const kafka = services['kafka']!
    for (const broker of config.kafka!.brokers!)
      expect(env(kafka, 'KAFKA_ADVERTISED_LISTENERS')).toContain(`PLAINTEXT://${broker}`)
    const clickhouseUrl = new URL(config.store!.clickhouse!.url)
    expect(services[clickhouseUrl.hostname], 'store.clickhouse.url names the clickhouse service').toBeDefined()
    expect(containerPorts(services[clickhouseUrl.hostname]!)).toContain(Number(clickhouseUrl.port))
    expect(containerPorts(services['tracehound-gateway']!)).toContain(config.gateway!.port)
    expect(config.gateway!.host).toBe('0.0.0.0')
    const users = readFileSync(join(root, 'deploy/clickhouse/users.d/tracehound.xml'), 'utf8')
    expect(users).toContain(`<${config.store!.clickhouse!.user}>`)
    expect(users).toContain(`<${env(services['grafana']!, 'TRACEHOUND_CLICKHOUSE_READER')}>`)
  })

  it('gives Grafana every variable its provisioning uses, and a ClickHouse it can reach', () => {
    const grafana = services['grafana']!
    const provisioning = readFileSync(join(root, 'dashboards/provisioning/datasources/tracehound.yaml'), 'utf8')
    for (const [, name] of provisioning.matchAll(/\$\{(\w+)\}/g))
      expect(grafana.environment, `grafana env ${name}`).toHaveProperty(name!)
    const host = env(grafana, 'TRACEHOUND_CLICKHOUSE_HOST')!
    expect(containerPorts(services[host]!)).toContain(Number(env(grafana, 'TRACEHOUND_CLICKHOUSE_HTTP_PORT')))
    const promUrl = new URL(/url: (http:\/\/prometheus:\d+)/.exec(provisioning)![1]!)
    expect(containerPorts(services[promUrl.hostname]!)).toContain(Number(promUrl.port))
  })

  it('has Prometheus scrape the stages where they serve /metrics', () => {
    const prometheus = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[]
    }
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets))
    expect(targets).toContain(`tracehound-gateway:${config.gateway!.port}`)
    for (const stage of ['tracehound-ingest', 'tracehound-detect', 'tracehound-alerts']) {
      const command = services[stage]!.command!
      expect(command, stage).toContain('--metrics-port')
      expect(targets).toContain(`${stage}:${command[command.indexOf('--metrics-port') + 1]}`)
      expect(command[command.indexOf('--metrics-host') + 1]).toBe('0.0.0.0')
    }
    for (const target of targets) expect(services, target).toHaveProperty(target.split(':')[0]!)
  })

  it('has the Collector write the topics ingest reads, keyed by trace id', () => {
    const collector = parse(readFileSync(join(root, 'deploy/otel-collector/config.yaml'), 'utf8')) as {
      exporters: {
        kafka: {
          brokers: string[]
          partition_traces_by_id: boolean
          traces: { topic: string; encoding: string }
          logs: { topic: string }
        }
      }
    }
    const kafka = collector.exporters.kafka
    expect(kafka.brokers).toEqual(config.kafka!.brokers)
    expect(kafka.partition_traces_by_id).toBe(true)
    expect(kafka.traces).toEqual({ topic: config.kafka!.spans_topic, encoding: 'otlp_proto' })
    expect(kafka.logs.topic).toBe(config.kafka!.logs_topic)
  })

  it('lists every published port in its header comment', () => {
    const header = composeText.slice(0, composeText.indexOf('x-tracehound'))
    for (const [name, s] of Object.entries(services))
      for (const port of hostPorts(s))
        expect(header, `${name} port ${port}`).toMatch(new RegExp(`^#\\s+${port}\\s`, 'm'))
  })

  it('has an alerts section the alerts stage accepts, with the secrets .env.example names', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8')
    const exampleEnv = Object.fromEntries([...example.matchAll(/^(\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]))
    const { config: alerts } = parseAlertsConfig(
      readFileSync(tracehoundConfigPath, 'utf8'),
      tracehoundConfigPath,
      exampleEnv,
    )
    expect(alerts.receivers.length).toBeGreaterThan(0)
    for (const [, name] of composeText.matchAll(/\$\{(\w+):\?/g))
      expect(exampleEnv, `.env.example defines ${name}`).toHaveProperty(name!)
  })
})
