/**
 * @tracehound/store — the ClickHouse schema (OpenTelemetry Collector layout plus
 * tracehound's rollups), its migrations, and one Store interface over two
 * backends: the embedded engine (chdb) and a ClickHouse server. This is the
 * public API; tests import internals from their files.
 */
export type { Store, QueryParams, InsertOptions, InsertResult, EncodedBatch, InsertFormat } from './store.ts'
export { InsertError, MAX_BATCH_ROWS, jsonEachRowBatch } from './store.ts'
export { encodeJsonEachRow } from './json-each-row.ts'
export { ChdbStore, StoreLockedError, type ChdbStoreOptions } from './chdb-store.ts'
export { ServerStore, type ServerStoreOptions } from './server-store.ts'
export { openStore, type OpenStoreOptions } from './open-store.ts'
export { migrate, LEDGER_TABLE, MigrationDriftError, type MigrateOptions, type MigrateReport } from './migrations.ts'
export { renderSingleNodeDdl, renderClusterDdl, type ClusterTarget } from './schema/render-ddl.ts'
export { SCHEMA_DEFAULTS, type SchemaOptions } from './schema/schema-options.ts'
export { toClickHouseTime, isoToClickHouseTime, clickHouseTimeToIso, clickHouseTimeToMs } from './clickhouse-time.ts'
export { readRetentionDays, oldestKept } from './retention.ts'
export { DEFAULT_READ_LIMITS, type ReadLimits } from './read-only-session.ts'
export {
  startClickHouseHttpInterface,
  type ClickHouseHttpInterface,
  type ClickHouseHttpInterfaceOptions,
} from './http-interface/clickhouse-http-interface.ts'
