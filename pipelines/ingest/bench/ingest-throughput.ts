// `npm run bench` (ingest), on a real broker (KAFKA_BROKERS, or one started here):
//  1. consumer throughput on the same topic: kafkajs vs @platformatic/kafka
//     (fetch and hand over every message, no processing);
//  2. end to end, Kafka → ingest (decode, insert with rollups, commit) → store,
//     through the embedded backend and the server backend, against the limit:
//     the engine inserting the same rows from a local file — as JSONEachRow
//     (the limit the ratios are taken against) and as Native (what ingest
//     sends spans as, for reference).
// BENCH_SIGNAL=logs measures the same with OTLP log records (400 a message)
// into otel_logs instead of spans.
// Spans/s per core = spans / CPU seconds of this process (the embedded engine
// and the HTTP stand-in run in it too, so all the work is counted).
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { Consumer as PlatformaticConsumer } from '@platformatic/kafka'
import {
  decodeLogsProto,
  decodeTracesProto,
  logColumnsToNative,
  logsProtoToNative,
  spanColumnsToNative,
  tracesProtoToNative,
} from '@tracehound/otlp'
import { ChdbStore, migrate, ServerStore, type Store } from '@tracehound/store'
import { encodeJsonEachRow } from '../../../packages/store/src/json-each-row.ts'
import { insertSettings } from '../../../packages/store/src/store.ts'
import { startKafkaBroker } from '../../../scripts/kafka/kafka-broker.ts'
import { startClickHouseHttpOnChdb } from '../../../packages/store/test/support/clickhouse-http-on-chdb.ts'
import { type KafkaSource, resolveIngestOptions, startIngest } from '../src/index.ts'
import { KafkajsSource } from '../src/kafkajs-source.ts'
import {
  caughtUp,
  createTopics,
  kafkaFor,
  logMessages,
  produce,
  traceMessages,
  until,
} from '../test/support/otlp-messages.ts'

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 300)
const TRACES_PER_MESSAGE = 100
const LOGS = process.env['BENCH_SIGNAL'] === 'logs'
/** What one row is, in the printed lines. */
const what = LOGS ? 'records' : 'spans'
const table = LOGS ? 'otel_logs' : 'otel_traces'
const broker = process.env['KAFKA_BROKERS'] ? undefined : await startKafkaBroker({ log: (l) => console.error(l) })
const brokers = process.env['KAFKA_BROKERS'] ?? broker!.brokers
const kafka = kafkaFor(brokers)
const suffix = randomUUID().slice(0, 8)
const topic = `bench-spans-${suffix}`
const logsTopic = `bench-logs-${suffix}`
await createTopics(kafka, [topic, logsTopic], 2)
/** The topic the benchmark's messages are in. */
const dataTopic = LOGS ? logsTopic : topic
const { messages, spans } = LOGS
  ? await logMessages(MESSAGES, 4 * TRACES_PER_MESSAGE).then((m) => ({ messages: m.messages, spans: m.records }))
  : await traceMessages(MESSAGES, TRACES_PER_MESSAGE)
const bytes = messages.reduce((n, m) => n + (m.value as Buffer).length, 0)
await produce(kafka, dataTopic, messages, 8)

console.log(
  `ingest benchmark: ${MESSAGES} OTLP/protobuf messages, ${spans} ${what}, ${(bytes / 2 ** 20).toFixed(1)} MiB, 2 partitions`,
)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
)

interface Timed {
  seconds: number
  cpuSeconds: number
}
async function timed(work: () => Promise<void>): Promise<Timed> {
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await work()
  const cpu = process.cpuUsage(cpu0)
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

// 1. Consumer throughput.
async function kafkajsConsume(): Promise<void> {
  const consumer = kafka.consumer({ groupId: `bench-kafkajs-${randomUUID()}`, maxBytesPerPartition: 4 * 2 ** 20 })
  await consumer.connect()
  await consumer.subscribe({ topic: dataTopic, fromBeginning: true })
  let seen = 0
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length
        if (seen >= MESSAGES) resolve()
      },
    })
  })
  await consumer.disconnect()
}

async function platformaticConsume(): Promise<void> {
  const consumer = new PlatformaticConsumer({
    groupId: `bench-platformatic-${randomUUID()}`,
    clientId: 'bench',
    bootstrapBrokers: brokers.split(','),
  })
  const stream = await consumer.consume({
    topics: [dataTopic],
    mode: 'earliest',
    autocommit: false,
    maxBytes: 8 * 2 ** 20,
    maxBytesPerPartition: 4 * 2 ** 20,
  })
  let seen = 0
  for await (const _ of stream) {
    if (++seen >= MESSAGES) break
  }
  await stream.close()
  await consumer.close(true)
}

const consumerResults: Record<string, number> = { kafkajs: 0, '@platformatic/kafka': 0 }
// BENCH_CONSUMER_ROUNDS=0 skips the consumer comparison (end to end only).
const consumerRounds = Number(process.env['BENCH_CONSUMER_ROUNDS'] ?? 3)
for (let round = 0; round < consumerRounds; round++) {
  consumerResults['kafkajs'] = Math.max(consumerResults['kafkajs']!, MESSAGES / (await timed(kafkajsConsume)).seconds)
  consumerResults['@platformatic/kafka'] = Math.max(
    consumerResults['@platformatic/kafka']!,
    MESSAGES / (await timed(platformaticConsume)).seconds,
  )
}
if (consumerRounds > 0) {
  console.log(`consumer throughput (best of ${consumerRounds}, group join included):`)
  for (const [name, perSecond] of Object.entries(consumerResults)) {
    console.log(
      `  ${name.padEnd(22)} ${Math.round(perSecond).toLocaleString('en-US').padStart(7)} messages/s ${((perSecond * bytes) / MESSAGES / 2 ** 20).toFixed(1).padStart(7)} MiB/s`,
    )
  }
  console.log(
    `  ratio @platformatic/kafka / kafkajs = ${(consumerResults['@platformatic/kafka']! / consumerResults['kafkajs']!).toFixed(2)}×\n`,
  )
}

// 2. End to end, in phases: start-up (connect, join the group, first fetch) until the first batch reaches the
// runner; ingest from there until every offset is committed; stop (finish, leave the group). The ratio to the
// limit is taken on the ingest phase, which is what a backlog after an outage costs; end to end is shown too.
const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-bench-ingest-'))
const TABLES = [
  'otel_traces',
  'otel_logs',
  'endpoint_minute',
  'user_endpoint_minute',
  'span_links',
  'service_edges_minute',
  'otel_traces_trace_id_ts',
]
interface Phases {
  startup: number
  ingest: Timed
  stop: number
  total: Timed
}
const results: [string, Phases][] = []
const unitStats: string[] = []
const seconds = (from: bigint, to: bigint): number => Number(to - from) / 1e9
async function endToEnd(name: string, store: Store): Promise<void> {
  await migrate(store)
  for (const table of TABLES) await store.command(`TRUNCATE TABLE ${table}`)
  const groupId = `bench-ingest-${randomUUID()}`
  const options = {
    brokers: brokers.split(','),
    groupId,
    spansTopic: topic,
    logsTopic,
    // BENCH_FETCH_MIB / BENCH_UNIT_MIB / BENCH_UNIT_MESSAGES: the fetch per partition and the unit caps (defaults: the stage's).
    ...(process.env['BENCH_FETCH_MIB']
      ? { maxBytesPerPartition: Number(process.env['BENCH_FETCH_MIB']) * 2 ** 20 }
      : {}),
    ...(process.env['BENCH_UNIT_MESSAGES'] ? { maxUnitMessages: Number(process.env['BENCH_UNIT_MESSAGES']) } : {}),
    ...(process.env['BENCH_UNIT_MIB'] ? { maxUnitBytes: Number(process.env['BENCH_UNIT_MIB']) * 2 ** 20 } : {}),
  }
  // The stage's own kafkajs source, noting when the first batch is handed to the runner.
  const kafkajs = new KafkajsSource(resolveIngestOptions(options))
  let firstBatch: { at: bigint; cpu: NodeJS.CpuUsage } | undefined
  const source: KafkaSource = {
    run: (topics, handle) =>
      kafkajs.run(topics, (batch) => {
        firstBatch ??= { at: process.hrtime.bigint(), cpu: process.cpuUsage() }
        return handle(batch)
      }),
    sendDeadLetters: (letters) => kafkajs.sendDeadLetters(letters),
    stop: () => kafkajs.stop(),
  }
  // What a larger fetch or unit costs in memory: the process's resident size, sampled while ingest runs.
  const rssBefore = process.memoryUsage.rss()
  let rssPeak = rssBefore
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
  }, 50)
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  const ingest = await startIngest(store, options, () => {}, source)
  await until('ingest to catch up', () => caughtUp(kafka, groupId, dataTopic), 600_000)
  clearInterval(sampler)
  const caught = process.hrtime.bigint()
  const cpuCaught = process.cpuUsage()
  await ingest.stop()
  const stopped = process.hrtime.bigint()
  const cpuAll = process.cpuUsage(cpu0)
  if (!firstBatch) throw new Error(`${name}: no batch was fetched`)
  const ingestCpu = (cpuCaught.user - firstBatch.cpu.user + cpuCaught.system - firstBatch.cpu.system) / 1e6
  results.push([
    name,
    {
      startup: seconds(t0, firstBatch.at),
      ingest: { seconds: seconds(firstBatch.at, caught), cpuSeconds: ingestCpu },
      stop: seconds(caught, stopped),
      total: { seconds: seconds(t0, stopped), cpuSeconds: (cpuAll.user + cpuAll.system) / 1e6 },
    },
  ])
  unitStats.push(
    `${name}: ${ingest.metrics.units} insert units, ${(ingest.metrics.unitSecondsSum / Math.max(1, ingest.metrics.units)).toFixed(3)} s each; resident ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB at most while ingesting`,
  )
  const stored = Number((await store.query<{ n: number }>(`SELECT count() AS n FROM ${table}`))[0]?.n)
  if (stored !== spans) throw new Error(`${name}: stored ${stored} ${what}, expected ${spans}`)
}

const mib = (bytes: number): string => Math.round(bytes / 2 ** 20).toLocaleString('en-US')

const chdb = await ChdbStore.open({ dataDir })
// The limit: the same rows, already decoded and encoded, read by the engine from a file, into empty tables. It is
// measured twice (before and after the embedded run) and the faster run is the limit: a 2-core box is noisy.
const file = join(dataDir, 'rows.jsonl')
const values = messages.map((m) => m.value as Buffer)
writeFileSync(
  file,
  Buffer.concat(values.map((v) => encodeJsonEachRow(LOGS ? decodeLogsProto(v) : decodeTracesProto(v)))),
)
const nativeFile = join(dataDir, 'rows.native')
writeFileSync(
  nativeFile,
  LOGS
    ? logColumnsToNative(values.map((v) => logsProtoToNative(v).columns))
    : spanColumnsToNative(values.map((v) => tracesProtoToNative(v).columns)),
)
await migrate(chdb)
const limitRuns: Timed[] = []
const nativeRuns: Timed[] = []
async function measureLimit(): Promise<void> {
  // With the settings every store insert carries (views in parallel), so the ratio measures ingest, not settings.
  const settings = Object.entries(insertSettings(undefined))
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ')
  for (const [runs, path, format] of [
    [limitRuns, file, 'JSONEachRow'],
    [nativeRuns, nativeFile, 'Native'],
  ] as const) {
    for (const table of TABLES) await chdb.command(`TRUNCATE TABLE ${table}`)
    runs.push(
      await timed(() =>
        chdb.command(`INSERT INTO ${table} FROM INFILE '${path}' SETTINGS ${settings} FORMAT ${format}`),
      ),
    )
  }
}
await measureLimit()
await endToEnd('Kafka → ingest → embedded store (chdb)', chdb)
await measureLimit()
await chdb.close()

const http = await startClickHouseHttpOnChdb({ dataDir, user: 'bench', password: 'bench' })
const server = new ServerStore({ url: http.url, username: 'bench', password: 'bench' })
await endToEnd('Kafka → ingest → server store (HTTP stand-in on chdb)', server)
await server.close()
await http.close()

const fastest = (runs: Timed[]): Timed => runs.reduce((best, r) => (r.seconds < best.seconds ? r : best))
const limit = fastest(limitRuns)
const nativeLimit = fastest(nativeRuns)
const perSecond = (r: Timed): string =>
  Math.round(spans / r.seconds)
    .toLocaleString('en-US')
    .padStart(8)
const perCpu = (r: Timed): string =>
  Math.round(spans / r.cpuSeconds)
    .toLocaleString('en-US')
    .padStart(8)
console.log(`${spans} ${what} already in the topic${LOGS ? '' : ', rollup views on'}:`)
console.log(
  `  limit: the engine reads the decoded rows from a JSONEachRow file ${limitRuns.map((r) => r.seconds.toFixed(2)).join(' s / ')} s → ${perSecond(limit)} ${what}/s ${perCpu(limit)} ${what}/CPU-s (the faster run)`,
)
console.log(
  `  for reference, from a Native file (what ingest sends) ${nativeRuns.map((r) => r.seconds.toFixed(2)).join(' s / ')} s → ${perSecond(nativeLimit)} ${what}/s`,
)
for (const [name, r] of results) {
  console.log(`  ${name}`)
  console.log(
    `    ingest (first batch → all committed) ${r.ingest.seconds.toFixed(2).padStart(6)} s ${perSecond(r.ingest)} ${what}/s ${perCpu(r.ingest)} ${what}/CPU-s  ${(limit.seconds / r.ingest.seconds).toFixed(2)}× limit`,
  )
  console.log(
    `    end to end (start-up ${r.startup.toFixed(2)} s + ingest + stop ${r.stop.toFixed(2)} s) ${r.total.seconds.toFixed(2).padStart(6)} s ${perSecond(r.total)} ${what}/s  ${(limit.seconds / r.total.seconds).toFixed(2)}× limit`,
  )
}
for (const line of unitStats) console.log(`  ${line}`)
rmSync(dataDir, { recursive: true, force: true })
await broker?.stop()
process.exit(0)
