// npm run interop — tracehound against clients and servers nobody here wrote:
// the OpenTelemetry Collector (built from the Go module proxy) and its load
// generator telemetrygen, on a real Kafka broker. Not part of npm test (the
// first run builds the peers for ~10 minutes). Prints sent vs stored for each
// path and a side-by-side throughput table (Collector vs tracehound gateway,
// same load, same run).
//
//   A  telemetrygen → up, OTLP/gRPC and OTLP/HTTP
//   B  telemetrygen → Collector → kafka exporter (otlp_proto) → ingest
//   C  telemetrygen → Collector → otlp_grpc / otlp_http exporter → gateway → Kafka → ingest
//   D  gateway's topic → Collector kafka receiver → otlp_http exporter → up
//   E  throughput: telemetrygen at full speed → Collector (otlp → kafka; also with no batch processor and no
//      sending queue, acknowledging after Kafka as the gateway does) vs → gateway (→ Kafka), and the
//      same with a cheap fixed load (pre-encoded requests), so the generator is not what is measured; and
//      the issue's own measurement: telemetrygen over OTLP/HTTP, 4 workers, batches of 100 and 2,048 spans
//      (the Collector as shipped, and acknowledging after Kafka; with the cores the receiver and the broker took)
//   F  one export in flight: time and receiver CPU per export, OTLP/HTTP and OTLP/gRPC, for the same promise
//   G  the small batches again from a light client (4 loops of pre-encoded 100-span requests): receiver capacity
//   E, F and G also run the gateway with --spool-dir (acknowledged once fsynced to its disk spool) beside the
//   Collector as shipped (acknowledged from memory)
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKafkaBroker } from '../kafka/kafka-broker.ts'
import { exportsAcknowledged } from './export-latency.ts'
import { httpLoad } from './http-load.ts'
import { ensurePeers } from './peers.ts'
import {
  collector,
  counter,
  cpuSecondsOfTree,
  finish,
  freePort,
  run,
  type Running,
  settle,
  spansInTopic,
  tracehound,
  waitForPort,
} from './processes.ts'

const log = (line: string): void => void process.stdout.write(`${line}\n`)
const TRACES = Number(process.env['INTEROP_TRACES'] ?? 2000)
const CHILD_SPANS = 3
const SPANS = TRACES * (1 + CHILD_SPANS)
const LOAD_SECONDS = Number(process.env['INTEROP_LOAD_SECONDS'] ?? 20)
const RATE = Number(process.env['INTEROP_RATE'] ?? 500)
const rows: { path: string; sent: number; stored: number; note: string }[] = []
const line = (r: (typeof rows)[number]): string =>
  `${r.path.padEnd(52)} ${String(r.sent).padStart(7)} ${String(r.stored).padStart(8)}${r.stored === r.sent ? '  ok' : '  MISMATCH'}${r.note ? `  (${r.note})` : ''}`
const record = (r: (typeof rows)[number]): void => {
  rows.push(r)
  log(`  ${line(r)}`)
}

const peers = ensurePeers(log)
const dir = mkdtempSync(join(tmpdir(), 'tracehound-interop-'))
const broker = await startKafkaBroker({ log })
const running: Running[] = []
const start = (r: Running): Running => {
  running.push(r)
  return r
}

/**
 * telemetrygen: TRACES traces of 1 + CHILD_SPANS spans, 2 workers, to `endpoint`, at RATE spans/s per
 * worker — below what its SDK's batch queue (2,048 spans) drops at, so every span generated is sent.
 */
const generate = (endpoint: string, http: boolean, extra: string[] = []): Running =>
  run(peers.telemetrygen, [
    'traces',
    '--otlp-endpoint',
    endpoint,
    '--otlp-insecure',
    ...(http ? ['--otlp-http'] : []),
    '--workers',
    '2',
    '--traces',
    String(TRACES / 2),
    '--child-spans',
    String(CHILD_SPANS),
    '--rate',
    String(RATE),
    ...extra,
  ])

const otlpReceiver = (grpc: number, http: number): string => `
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:${grpc} }
      http: { endpoint: 127.0.0.1:${http} }`
const quiet = 'telemetry: { metrics: { level: none } }'
/** The Collector's kafka exporter; `queued: false` turns off its sending queue, so an export returns once Kafka acknowledged. */
const kafkaExporter = (topic: string, queued = true): string => `
  kafka:
    brokers: [${broker.brokers}]
    traces: { topic: ${topic}, encoding: otlp_proto }
    partition_traces_by_id: true${queued ? '' : '\n    sending_queue: { enabled: false }'}`

async function ingestCount(topic: string, expected: number): Promise<number> {
  const metricsPort = await freePort()
  const ingest = start(
    tracehound([
      'ingest',
      '--kafka',
      broker.brokers,
      '--spans-topic',
      topic,
      '--logs-topic',
      `${topic}-logs`,
      '--group',
      `interop-${topic}`,
      '--data',
      join(dir, `store-${topic}`),
      '--metrics-port',
      String(metricsPort),
    ]),
  )
  await ingest.waitFor(/metrics listening/)
  const stored = await settle(
    () => counter(`http://127.0.0.1:${metricsPort}/metrics`, 'tracehound_ingest_rows_inserted_total', 'otel_traces'),
    expected,
  )
  await ingest.stop()
  return stored
}

/** Runs `load`, with the CPU seconds each process tree in `pids` used meanwhile (undefined where unknown). */
async function cpuDuring<T>(
  pids: (number | undefined)[],
  load: () => Promise<T>,
): Promise<{ result: T; cpu: (number | undefined)[] }> {
  const read = () => pids.map((pid) => (pid === undefined ? undefined : cpuSecondsOfTree(pid)))
  const before = read()
  const result = await load()
  const after = read()
  return { result, cpu: after.map((a, i) => (a === undefined || before[i] === undefined ? undefined : a - before[i]!)) }
}

/**
 * A Collector: otlp receiver → batch → `exporter` (YAML under `exporters:`, named `name` in the pipeline);
 * without `batch`, the receiver answers only once the exporter returned.
 */
async function otlpCollector(
  label: string,
  exporter: string,
  name: string,
  batch = true,
): Promise<{ col: Running; grpc: number; http: number }> {
  const [grpc, http] = [await freePort(), await freePort()]
  const col = start(
    collector(
      peers.collector,
      dir,
      label,
      `
receivers:${otlpReceiver(grpc, http)}
processors:
  batch: {}
exporters:${exporter}
service:
  ${quiet}
  pipelines:
    traces: { receivers: [otlp], processors: [${batch ? 'batch' : ''}], exporters: [${name}] }
`,
    ),
  )
  await waitForPort(grpc)
  await waitForPort(http)
  return { col, grpc, http }
}

/** tracehound's gateway producing to `topic`; `spooled`: acknowledging once on its disk spool (--spool-dir). */
async function gatewayTo(topic: string, spooled = false): Promise<{ gateway: Running; grpc: number; http: number }> {
  const [http, grpc] = [await freePort(), await freePort()]
  const spool = spooled ? ['--spool-dir', join(dir, `spool-${topic}`)] : []
  const gateway = start(
    tracehound([
      'gateway',
      '--kafka',
      broker.brokers,
      '--port',
      String(http),
      '--grpc-port',
      String(grpc),
      '--spans-topic',
      topic,
      '--logs-topic',
      `${topic}-logs`,
      ...spool,
    ]),
  )
  await gateway.waitFor(/listening/i)
  return { gateway, grpc, http }
}

/** tracehound up on its own store; its OTLP/HTTP (and API, /metrics) and OTLP/gRPC addresses. */
async function startUp(name: string): Promise<{ up: Running; httpUrl: string; grpcUrl: string }> {
  const up = start(tracehound(['up', '--data', join(dir, name), '--port', '0', '--grpc-port', '0']))
  const httpUrl = (await up.waitFor(/OTLP\/HTTP and API on (http:\/\/\S+)/))[1]!
  const grpcUrl = (await up.waitFor(/OTLP\/gRPC on (http:\/\/\S+)/))[1]!
  return { up, httpUrl, grpcUrl }
}

const storedByUp = (httpUrl: string, expected: number): Promise<number> =>
  settle(() => counter(`${httpUrl}/metrics`, 'tracehound_up_rows_written_total'), expected)

/** Spans per second and the ratio to the first row, for the throughput tables. */
const rate = (spans: number, first: number): string =>
  `${Math.round(spans / LOAD_SECONDS)
    .toLocaleString('en-US')
    .padStart(8)} spans/s  ${(spans / Math.max(1, first)).toFixed(2)}×`

const FLUSH_MS = 3000 // the Collector's batch processor flushes within 200 ms; its exporter needs a moment more

try {
  // A — telemetrygen → up (gRPC, then HTTP).
  for (const http of [false, true]) {
    const { up, httpUrl, grpcUrl } = await startUp(`up-${http ? 'http' : 'grpc'}`)
    await finish(generate(new URL(http ? httpUrl : grpcUrl).host, http))
    const stored = await storedByUp(httpUrl, SPANS)
    record({ path: `A telemetrygen → up (OTLP/${http ? 'HTTP' : 'gRPC'})`, sent: SPANS, stored, note: '' })
    await up.stop()
  }

  // B — Collector kafka exporter → ingest.
  {
    const { col, grpc } = await otlpCollector('b', kafkaExporter('interop-b'), 'kafka')
    await finish(generate(`127.0.0.1:${grpc}`, false))
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    const stored = await ingestCount('interop-b', SPANS)
    record({ path: 'B Collector kafka exporter (otlp_proto) → ingest', sent: SPANS, stored, note: '' })
    await col.stop()
  }

  // C — Collector otlp_grpc / otlp_http exporters → gateway → Kafka → ingest.
  for (const exporter of ['otlp_grpc', 'otlp_http'] as const) {
    const topic = `interop-c-${exporter.replace('_', '-')}`
    const gw = await gatewayTo(topic)
    const target =
      exporter === 'otlp_grpc'
        ? `\n  otlp_grpc:\n    endpoint: 127.0.0.1:${gw.grpc}\n    tls: { insecure: true }`
        : `\n  otlp_http:\n    endpoint: http://127.0.0.1:${gw.http}`
    const { col, grpc } = await otlpCollector(`c-${exporter}`, target, exporter)
    await finish(generate(`127.0.0.1:${grpc}`, false))
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    const inTopic = await spansInTopic(broker.brokers, topic)
    const stored = await ingestCount(topic, SPANS)
    record({
      path: `C Collector ${exporter} exporter → gateway → ingest`,
      sent: SPANS,
      stored,
      note: `topic: ${inTopic.spans} spans in ${inTopic.messages} messages, ${inTopic.nonProto} not otlp_proto`,
    })
    await col.stop()
    await gw.gateway.stop()
  }

  // D — the gateway's topic read by the Collector's kafka receiver, exported to up (with a batch processor:
  // without one, one request per message overflows the exporter's queue; BENCHMARKS.md).
  {
    const { up, httpUrl } = await startUp('up-d')
    const inTopic = await spansInTopic(broker.brokers, 'interop-c-otlp-grpc')
    const col = start(
      collector(
        peers.collector,
        dir,
        'd',
        `
receivers:
  kafka:
    brokers: [${broker.brokers}]
    traces: { topics: [interop-c-otlp-grpc], encoding: otlp_proto }
    group_id: interop-d
    initial_offset: earliest
processors:
  batch: {}
exporters:
  otlp_http:
    endpoint: ${httpUrl}
service:
  ${quiet}
  pipelines:
    traces: { receivers: [kafka], processors: [batch], exporters: [otlp_http] }
`,
      ),
    )
    const stored = await storedByUp(httpUrl, inTopic.spans)
    record({ path: "D gateway's topic → Collector kafka receiver → up", sent: inTopic.spans, stored, note: '' })
    if (stored !== inTopic.spans) log(`    the Collector said:\n${col.output().slice(-3000)}`)
    await col.stop()
    await up.stop()
  }

  log('\npath                                                    sent   stored')
  for (const r of rows) log(line(r))

  // E — throughput, same load, same run: Collector (otlp receiver → kafka exporter) vs tracehound gateway (→ Kafka),
  // first with telemetrygen unthrottled, then with a cheap fixed load so the generator is not what is measured.
  const load = ['--workers', '8', '--duration', `${LOAD_SECONDS}s`, '--rate', '0', '--child-spans', String(CHILD_SPANS)]
  const telemetrygenTo = (endpoint: string): Promise<string> =>
    finish(run(peers.telemetrygen, ['traces', '--otlp-endpoint', endpoint, '--otlp-insecure', ...load]))
  const COLLECTOR = 'OpenTelemetry Collector 0.165 (otlp → batch → kafka)'
  const measured: { name: string; spans: number; acknowledged?: number; cpu?: number | undefined }[] = []
  const fixed: typeof measured = []
  {
    const { col, grpc } = await otlpCollector('e', kafkaExporter('interop-e-collector'), 'kafka')
    await telemetrygenTo(`127.0.0.1:${grpc}`)
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    measured.push({ name: COLLECTOR, spans: (await spansInTopic(broker.brokers, 'interop-e-collector')).spans })
    await col.stop()
    // The batch processor and the exporter's queue acknowledge before Kafka does; the gateway after. The same
    // promise from the Collector: no batch processor, no sending queue.
    const durable = await otlpCollector('e3', kafkaExporter('interop-e3-collector', false), 'kafka', false)
    await telemetrygenTo(`127.0.0.1:${durable.grpc}`)
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    measured.push({
      name: 'OpenTelemetry Collector 0.165 (otlp → kafka, acked after Kafka)',
      spans: (await spansInTopic(broker.brokers, 'interop-e3-collector')).spans,
    })
    await durable.col.stop()
    const second = await otlpCollector('e2', kafkaExporter('interop-e2-collector'), 'kafka')
    const {
      result: { acknowledged },
      cpu: [cpu],
    } = await cpuDuring([second.col.child.pid], () =>
      httpLoad(`http://127.0.0.1:${second.http}/v1/traces`, 8, LOAD_SECONDS),
    )
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    fixed.push({
      name: COLLECTOR,
      spans: (await spansInTopic(broker.brokers, 'interop-e2-collector')).spans,
      acknowledged,
      cpu,
    })
    await second.col.stop()
  }
  {
    const gw = await gatewayTo('interop-e-gateway')
    await telemetrygenTo(`127.0.0.1:${gw.grpc}`)
    measured.push({
      name: 'tracehound gateway (OTLP/gRPC → Kafka)',
      spans: (await spansInTopic(broker.brokers, 'interop-e-gateway')).spans,
    })
    await gw.gateway.stop()
    const spooled = await gatewayTo('interop-e-gateway-spooled', true)
    await telemetrygenTo(`127.0.0.1:${spooled.grpc}`)
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    measured.push({
      name: 'tracehound gateway, spooled (OTLP/gRPC → spool → Kafka)',
      spans: (await spansInTopic(broker.brokers, 'interop-e-gateway-spooled')).spans,
    })
    await spooled.gateway.stop()
    const second = await gatewayTo('interop-e2-gateway')
    const {
      result: { acknowledged },
      cpu: [cpu],
    } = await cpuDuring([second.gateway.child.pid], () =>
      httpLoad(`http://127.0.0.1:${second.http}/v1/traces`, 8, LOAD_SECONDS),
    )
    fixed.push({
      name: 'tracehound gateway (OTLP/HTTP → Kafka)',
      spans: (await spansInTopic(broker.brokers, 'interop-e2-gateway')).spans,
      acknowledged,
      cpu,
    })
    await second.gateway.stop()
  }
  log(
    `\nthroughput: telemetrygen, 8 workers unthrottled for ${LOAD_SECONDS} s, traces of ${1 + CHILD_SPANS} spans, OTLP/gRPC; spans that reached Kafka (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'})`,
  )
  for (const m of measured)
    log(`  ${m.name.padEnd(66)} ${String(m.spans).padStart(9)} spans  ${rate(m.spans, measured[0]!.spans)}`)
  log(
    `\nthroughput: 8 clients sending pre-encoded 512-span OTLP/HTTP protobuf requests for ${LOAD_SECONDS} s; spans acknowledged, and spans that reached Kafka`,
  )
  // The receiver's own CPU per span: what it leaves the generator on a shared machine, and how it would scale.
  const perSpan = (m: (typeof fixed)[number]): number | undefined =>
    m.cpu === undefined || m.acknowledged === undefined ? undefined : (m.cpu * 1e6) / Math.max(1, m.acknowledged)
  for (const m of fixed) {
    const micros = perSpan(m)
    const first = perSpan(fixed[0]!)
    const cpu =
      micros === undefined
        ? ''
        : `  ${(m.cpu! / LOAD_SECONDS).toFixed(2)} cores, ${micros.toFixed(2)} µs CPU/span${first === undefined ? '' : ` (${(first / micros).toFixed(2)}× the Collector's spans per CPU second)`}`
    log(
      `  ${m.name.padEnd(66)} ${String(m.acknowledged).padStart(9)} acked ${String(m.spans).padStart(9)} in Kafka  ${rate(m.spans, fixed[0]!.spans)}${cpu}`,
    )
  }

  // The measurement the issue reported (telemetrygen over OTLP/HTTP, 4 workers unthrottled, batches of 100 and
  // 2,048 spans): the Collector as shipped (batch processor, sending queue) against the gateway.
  log(
    `\nthroughput: telemetrygen over OTLP/HTTP, 4 workers unthrottled for ${LOAD_SECONDS} s, per batch size; spans that reached Kafka`,
  )
  for (const batchSize of [100, 2048]) {
    const viaHttp = (port: number): Promise<string> =>
      finish(
        run(peers.telemetrygen, [
          'traces',
          '--otlp-endpoint',
          `127.0.0.1:${port}`,
          '--otlp-insecure',
          '--otlp-http',
          '--workers',
          '4',
          '--rate',
          '0',
          '--duration',
          `${LOAD_SECONDS}s`,
          '--batch-size',
          String(batchSize),
        ]),
      )
    // The CPU the receiver and the broker took meanwhile: on two cores, what they take the generator cannot use.
    const receiverAndBroker = async (receiverPid: number | undefined, load: () => Promise<unknown>) =>
      (await cpuDuring([receiverPid, broker.pid], load)).cpu
    const cores = ([receiver, kafka]: (number | undefined)[]): string =>
      receiver === undefined || kafka === undefined
        ? ''
        : `  receiver ${(receiver / LOAD_SECONDS).toFixed(2)} cores, broker ${(kafka / LOAD_SECONDS).toFixed(2)} cores`
    const col = await otlpCollector(`h${batchSize}`, kafkaExporter(`interop-h${batchSize}-collector`), 'kafka')
    const collectorCpu = await receiverAndBroker(col.col.child.pid, () => viaHttp(col.http))
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    const collectorSpans = (await spansInTopic(broker.brokers, `interop-h${batchSize}-collector`)).spans
    await col.col.stop()
    // The same promise as the gateway's: no batch processor, no sending queue — answered once Kafka acknowledged.
    const acked = await otlpCollector(
      `h${batchSize}-acked`,
      kafkaExporter(`interop-h${batchSize}-collector-acked`, false),
      'kafka',
      false,
    )
    const ackedCpu = await receiverAndBroker(acked.col.child.pid, () => viaHttp(acked.http))
    const ackedSpans = (await spansInTopic(broker.brokers, `interop-h${batchSize}-collector-acked`)).spans
    await acked.col.stop()
    const gw = await gatewayTo(`interop-h${batchSize}-gateway`)
    const gatewayCpu = await receiverAndBroker(gw.gateway.child.pid, () => viaHttp(gw.http))
    const gatewaySpans = (await spansInTopic(broker.brokers, `interop-h${batchSize}-gateway`)).spans
    await gw.gateway.stop()
    const spooled = await gatewayTo(`interop-h${batchSize}-gateway-spooled`, true)
    const spooledCpu = await receiverAndBroker(spooled.gateway.child.pid, () => viaHttp(spooled.http))
    await new Promise((r) => setTimeout(r, FLUSH_MS))
    const spooledSpans = (await spansInTopic(broker.brokers, `interop-h${batchSize}-gateway-spooled`)).spans
    await spooled.gateway.stop()
    log(
      `  batches of ${String(batchSize).padEnd(5)} ${COLLECTOR.padEnd(63)} ${rate(collectorSpans, collectorSpans)}${cores(collectorCpu)}`,
    )
    log(
      `  batches of ${String(batchSize).padEnd(5)} ${'OpenTelemetry Collector 0.165 (otlp → kafka, acked after Kafka)'.padEnd(63)} ${rate(ackedSpans, collectorSpans)}${cores(ackedCpu)}`,
    )
    log(
      `  batches of ${String(batchSize).padEnd(5)} ${'tracehound gateway (OTLP/HTTP → Kafka)'.padEnd(63)} ${rate(gatewaySpans, collectorSpans)}${cores(gatewayCpu)}`,
    )
    log(
      `  batches of ${String(batchSize).padEnd(5)} ${'tracehound gateway, spooled (OTLP/HTTP → spool → Kafka)'.padEnd(63)} ${rate(spooledSpans, collectorSpans)}${cores(spooledCpu)}`,
    )
  }

  // G — the same small batches from a light client: 4 loops, one 100-span request in flight each. telemetrygen's
  // own workers keep the two cores busy above, so its rows measure the generator as much as the receiver; here
  // the receivers' capacity for small exports shows, with their CPU per request.
  log(
    `\nthroughput: 4 clients sending pre-encoded 100-span OTLP/HTTP protobuf requests for ${LOAD_SECONDS} s; spans that reached Kafka, receiver CPU per request`,
  )
  {
    const small: {
      name: string
      topic: string
      start: () => Promise<{ pid: number | undefined; http: number; stop: () => Promise<void> }>
    }[] = [
      {
        name: COLLECTOR,
        topic: 'interop-g-collector',
        start: async () => {
          const c = await otlpCollector('g', kafkaExporter('interop-g-collector'), 'kafka')
          return { pid: c.col.child.pid, http: c.http, stop: () => c.col.stop() }
        },
      },
      {
        name: 'OpenTelemetry Collector 0.165 (otlp → kafka, acked after Kafka)',
        topic: 'interop-g-collector-acked',
        start: async () => {
          const c = await otlpCollector('g-acked', kafkaExporter('interop-g-collector-acked', false), 'kafka', false)
          return { pid: c.col.child.pid, http: c.http, stop: () => c.col.stop() }
        },
      },
      {
        name: 'tracehound gateway (OTLP/HTTP → Kafka)',
        topic: 'interop-g-gateway',
        start: async () => {
          const g = await gatewayTo('interop-g-gateway')
          return { pid: g.gateway.child.pid, http: g.http, stop: () => g.gateway.stop() }
        },
      },
      {
        name: 'tracehound gateway, spooled (OTLP/HTTP → spool → Kafka)',
        topic: 'interop-g-gateway-spooled',
        start: async () => {
          const g = await gatewayTo('interop-g-gateway-spooled', true)
          return { pid: g.gateway.child.pid, http: g.http, stop: () => g.gateway.stop() }
        },
      },
    ]
    let first: number | undefined
    for (const receiver of small) {
      const r = await receiver.start()
      const {
        result: { acknowledged },
        cpu: [cpu],
      } = await cpuDuring([r.pid], () => httpLoad(`http://127.0.0.1:${r.http}/v1/traces`, 4, LOAD_SECONDS, 25))
      await new Promise((done) => setTimeout(done, FLUSH_MS))
      const spans = (await spansInTopic(broker.brokers, receiver.topic)).spans
      await r.stop()
      first ??= spans
      const perRequest =
        cpu === undefined ? '' : `  ${((cpu * 1e6) / Math.max(1, acknowledged / 100)).toFixed(0)} µs CPU/request`
      log(`  ${receiver.name.padEnd(66)} ${String(acknowledged).padStart(9)} acked ${rate(spans, first)}${perRequest}`)
    }
  }

  // F — one export in flight, as an SDK sends: time and receiver CPU per 512-span export, per transport, for the
  // same promise (the Collector without batch processor or sending queue answers once Kafka acknowledged).
  log(`\none export at a time (pre-encoded 512-span requests, ${LOAD_SECONDS} s each): ms and receiver CPU per export`)
  for (const transport of ['http', 'grpc'] as const) {
    const measure = async (pid: number | undefined, port: number): Promise<string> => {
      await exportsAcknowledged(transport, port, 1, 2) // warm-up
      const before = pid === undefined ? undefined : cpuSecondsOfTree(pid)
      const exports = await exportsAcknowledged(transport, port, 1, LOAD_SECONDS)
      const after = pid === undefined ? undefined : cpuSecondsOfTree(pid)
      const cpu =
        before === undefined || after === undefined
          ? ''
          : `  ${(((after - before) * 1e6) / Math.max(1, exports)).toFixed(0)} µs CPU`
      return `${((LOAD_SECONDS * 1000) / Math.max(1, exports)).toFixed(2)} ms${cpu}`
    }
    const durable = await otlpCollector(
      `f-${transport}`,
      kafkaExporter(`interop-f-${transport}-collector`, false),
      'kafka',
      false,
    )
    const collectorSide = await measure(durable.col.child.pid, transport === 'http' ? durable.http : durable.grpc)
    await durable.col.stop()
    const gw = await gatewayTo(`interop-f-${transport}-gateway`)
    const gatewaySide = await measure(gw.gateway.child.pid, transport === 'http' ? gw.http : gw.grpc)
    await gw.gateway.stop()
    // The other promise: the Collector as shipped answers from memory, the spooled gateway from its disk.
    const shipped = await otlpCollector(
      `f-${transport}-shipped`,
      kafkaExporter(`interop-f-${transport}-shipped`),
      'kafka',
    )
    const shippedSide = await measure(shipped.col.child.pid, transport === 'http' ? shipped.http : shipped.grpc)
    await shipped.col.stop()
    const spooled = await gatewayTo(`interop-f-${transport}-gateway-spooled`, true)
    const spooledSide = await measure(spooled.gateway.child.pid, transport === 'http' ? spooled.http : spooled.grpc)
    await spooled.gateway.stop()
    const name = transport === 'http' ? 'HTTP' : 'gRPC'
    log(`  OTLP/${name}  Collector, acked after Kafka: ${collectorSide}   gateway: ${gatewaySide}`)
    log(`  OTLP/${name}  Collector as shipped: ${shippedSide}   gateway, spooled: ${spooledSide}`)
  }
  if (rows.some((r) => r.stored !== r.sent)) process.exitCode = 1
} finally {
  for (const r of running.reverse()) await r.stop().catch(() => undefined)
  await broker.stop()
  rmSync(dir, { recursive: true, force: true })
}
