/**
 * @tracehound/store — the ClickHouse schema (OpenTelemetry Collector layout plus
 * tracehound's rollups), its migrations, and one Store interface over two
 * backends: the embedded engine (chdb) and a ClickHouse server.
 */
export type { Store, QueryParams, InsertOptions, InsertResult } from './store.ts'
export { InsertError, MAX_BATCH_ROWS } from './store.ts'
export { ChdbStore, StoreLockedError, type ChdbStoreOptions } from './chdb-store.ts'
export { ServerStore, type ServerStoreOptions } from './server-store.ts'
export { openStore, type OpenStoreOptions } from './open-store.ts'
export {
  migrate,
  MIGRATIONS,
  LEDGER_TABLE,
  MigrationDriftError,
  definitionChecksum,
  type MigrateOptions,
  type MigrateReport,
} from './migrations.ts'
export { renderSingleNodeDdl, renderClusterDdl, renderRetentionDdl, type ClusterTarget } from './schema/render-ddl.ts'
export { SCHEMA_DEFAULTS, type SchemaOptions } from './schema/schema-options.ts'
export { LATENCY_QUANTILES } from './schema/rollups.ts'
export { encodeJsonEachRow } from './json-each-row.ts'
export { toClickHouseTime, isoToClickHouseTime, clickHouseTimeToIso, clickHouseTimeToMs } from './clickhouse-time.ts'
export { ReadOnlySession, DEFAULT_READ_LIMITS, type ReadLimits } from './read-only-session.ts'
export {
  startClickHouseHttpInterface,
  type ClickHouseHttpInterface,
  type ClickHouseHttpInterfaceOptions,
} from './http-interface/clickhouse-http-interface.ts'
export { judgeAst } from './http-interface/read-only-guard.ts'
