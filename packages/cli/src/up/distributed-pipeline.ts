// The demo's pipeline on real servers: the gateway produces to Kafka, a
// consumer group writes to the store (embedded or a ClickHouse server), live
// detection reads it — the distributed path, run from one process.
import { randomUUID } from 'node:crypto'
import { startDetect } from '@tracehound/detect'
import type { Finding, Incident } from '@tracehound/detector'
import { KafkaSink, startGateway, type GatewayLog } from '@tracehound/gateway'
import { BatchWriter, startIngest, type RowWriter } from '@tracehound/ingest'
import { migrate, openStore, type OpenStoreOptions } from '@tracehound/store'
import { apiRoutes } from '../console/api-routes.ts'
import { consoleAssets } from '../console/console-assets.ts'

export interface DistributedPipeline {
  readonly url: string
  readonly location: string
  /** Writes rows straight to the store (seeding history does not go through Kafka). */
  readonly seedWriter: RowWriter
  /** Rows the consumer group stored. */
  storedRows(): number
  stop(): Promise<void>
}

export async function startDistributedPipeline(options: {
  brokers: string[]
  store: OpenStoreOptions
  latenessSeconds: number
  onFinding: (f: Finding) => void
  onIncident?: (i: Incident) => void
  log: GatewayLog
}): Promise<DistributedPipeline> {
  const store = await openStore(options.store)
  await migrate(store)
  // Topics and group of this run only, so a shared cluster's data is not mixed in.
  const run = randomUUID().slice(0, 8)
  const topics = { spansTopic: `tracehound-demo-spans-${run}`, logsTopic: `tracehound-demo-logs-${run}` }
  const sink = new KafkaSink(options.brokers, topics)
  const gateway = await startGateway(sink, { port: 0 }, options.log, {
    routes: apiRoutes(store),
    publicRoutes: consoleAssets(),
  })
  const ingest = await startIngest(
    store,
    { brokers: options.brokers, groupId: `tracehound-demo-${run}`, ...topics, sessionTimeoutMs: 10_000 },
    options.log,
  )
  const detection = startDetect(store, {
    latenessSeconds: options.latenessSeconds,
    onFinding: options.onFinding,
    ...(options.onIncident ? { onIncident: options.onIncident } : {}),
    log: options.log,
  })
  const seedWriter = new BatchWriter(store)
  return {
    url: gateway.url,
    location: `Kafka ${options.brokers.join(',')} → ${'clickhouse' in options.store ? options.store.clickhouse.url : `embedded store ${options.store.dataDir ?? ''}`}`,
    seedWriter,
    storedRows: () => [...ingest.metrics.rowsInserted.values()].reduce((n, v) => n + v, 0),
    async stop() {
      await gateway.close()
      await sink.close()
      await ingest.stop()
      await detection.stop()
      await seedWriter.drain()
      await store.close()
    },
  }
}
