// Versioned, idempotent schema migrations: the function behind `tracehound
// migrate`. Every statement is CREATE … IF NOT EXISTS or an ALTER that can
// run twice, so an interrupted migration is finished by running it again.
import { toClickHouseTime } from './clickhouse-time.ts'
import { createHash } from 'node:crypto'
import { renderClusterDdl, renderRetentionDdl, renderSingleNodeDdl, type ClusterTarget } from './schema/render-ddl.ts'
import type { SchemaOptions } from './schema/schema-options.ts'
import { DETECTOR_STATE_OBJECTS, INCIDENT_OBJECTS, PRINCIPAL_VIEWS, SILENCE_OBJECTS } from './schema/all-definitions.ts'
import type { Store } from './store.ts'

export interface Migration {
  readonly version: number
  readonly name: string
  /** Statements for one node, or for a cluster when `cluster` is given. */
  statements(options: SchemaOptions, cluster?: ClusterTarget): string[]
}

/**
 * Append only: a released migration never changes; a schema change is a new
 * version. `test/migrations-golden.test.ts` pins every migration's statements
 * (golden files), and `migrate` refuses a store whose recorded definition of
 * an applied migration differs from the code's (MigrationDriftError).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'otel tables, rollups, service edges, findings, alert outbox',
    statements: (options, cluster) => (cluster ? renderClusterDdl(cluster, options) : renderSingleNodeDdl(options)),
  },
  {
    version: 2,
    name: 'alert silences',
    statements: (options, cluster) =>
      cluster ? renderClusterDdl(cluster, options, SILENCE_OBJECTS) : renderSingleNodeDdl(options, SILENCE_OBJECTS),
  },
  {
    version: 3,
    // Principals from user.id / enduser.id / user.name and forwarded-for
    // addresses: the rollup views are dropped and created again (rows
    // already rolled up keep the principal they were written with).
    name: 'principals as the OpenTelemetry conventions name them',
    statements: (options, cluster) => [
      ...PRINCIPAL_VIEWS.map(
        (o) =>
          `DROP VIEW IF EXISTS ${'view' in o ? o.view.name : ''}${cluster ? ` ON CLUSTER ${cluster.cluster}` : ''}`,
      ),
      ...(cluster
        ? renderClusterDdl(cluster, options, PRINCIPAL_VIEWS)
        : renderSingleNodeDdl(options, PRINCIPAL_VIEWS)),
    ],
  },
  {
    version: 4,
    name: 'incidents',
    statements: (options, cluster) =>
      cluster ? renderClusterDdl(cluster, options, INCIDENT_OBJECTS) : renderSingleNodeDdl(options, INCIDENT_OBJECTS),
  },
  {
    version: 5,
    name: 'learned detector state per epoch',
    statements: (options, cluster) =>
      cluster
        ? renderClusterDdl(cluster, options, DETECTOR_STATE_OBJECTS)
        : renderSingleNodeDdl(options, DETECTOR_STATE_OBJECTS),
  },
]

export const LEDGER_TABLE = 'tracehound_migrations'

export interface MigrateOptions extends SchemaOptions {
  /** Create the schema ON CLUSTER (Replicated* + Distributed). */
  cluster?: ClusterTarget
  /** Apply migrations up to this version only (upgrade tests, staged rollouts). @default the latest */
  upTo?: number
  /** Called before each statement, for progress bars. */
  onProgress?: (progress: { done: number; total: number; step: string }) => void
}

export interface MigrateReport {
  /** Versions applied by this run. */
  readonly applied: number[]
  /** Versions found already applied. */
  readonly alreadyApplied: number[]
  /** Statements executed, including the retention ALTERs. */
  readonly statements: number
}

/** A released migration's definition differs from what a store recorded when it applied it. */
export class MigrationDriftError extends Error {
  override name = 'MigrationDriftError'
}

function ledgerDdl(cluster?: ClusterTarget): string {
  const onCluster = cluster ? ` ON CLUSTER ${cluster.cluster}` : ''
  const engine = cluster
    ? `ReplicatedReplacingMergeTree('${cluster.zooKeeperPrefix ?? '/clickhouse/tables/{shard}/{database}'}/${LEDGER_TABLE}', '{replica}')`
    : 'ReplacingMergeTree'
  return `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE}${onCluster}
(Version UInt32, Name String, Checksum String, AppliedAt DateTime64(3))
ENGINE = ${engine} ORDER BY Version`
}

const checksum = (statements: string[]): string =>
  createHash('sha256').update(statements.join(';\n')).digest('hex').slice(0, 16)

/**
 * A migration's definition, independent of the options it was applied with
 * (retention, cluster name): its single-node statements at the defaults.
 * What drift detection compares.
 */
export const definitionChecksum = (migration: Migration): string => checksum(migration.statements({}))

/** Step label for progress: the first line that is not a comment. */
const stepOf = (sql: string): string =>
  (sql.split('\n').find((line) => !line.startsWith('--')) ?? sql).replace(/\s*\($/, '').slice(0, 100)

/** Applies pending migrations, then the configured retention. Safe to re-run. */
export async function migrate(store: Store, options: MigrateOptions = {}): Promise<MigrateReport> {
  const { cluster, onProgress, upTo, ...schemaOptions } = options
  await store.command(ledgerDdl(cluster))
  // Ledgers written before definition checksums existed get the column; their rows stay unverified ('').
  await store.command(
    `ALTER TABLE ${LEDGER_TABLE}${cluster ? ` ON CLUSTER ${cluster.cluster}` : ''} ADD COLUMN IF NOT EXISTS DefinitionChecksum String DEFAULT ''`,
  )
  const ledger = await store.query<{ Version: number; DefinitionChecksum: string }>(
    `SELECT Version, DefinitionChecksum FROM ${LEDGER_TABLE} FINAL`,
  )
  const done = new Set(ledger.map((row) => Number(row.Version)))
  for (const row of ledger) {
    const migration = MIGRATIONS.find((m) => m.version === Number(row.Version))
    if (!migration || row.DefinitionChecksum === '' || row.DefinitionChecksum === definitionChecksum(migration))
      continue
    throw new MigrationDriftError(
      `migration ${migration.version} (${migration.name}) was applied to this store with a definition that differs from this version of tracehound ` +
        `(recorded ${row.DefinitionChecksum}, now ${definitionChecksum(migration)}): a released migration was edited. ` +
        'Restore it and put the change in a new migration; nothing was changed.',
    )
  }
  const pending = MIGRATIONS.filter((m) => !done.has(m.version) && (upTo === undefined || m.version <= upTo))
  const plans = pending.map((m) => ({ migration: m, statements: m.statements(schemaOptions, cluster) }))
  // Only the retention that was asked for: a command that merely makes sure the
  // schema exists (up, detect, replay…) must not put a store's 90 days back to 30.
  const given = new Set(
    (Object.keys(schemaOptions) as (keyof SchemaOptions)[]).filter((k) => schemaOptions[k] !== undefined),
  )
  const retention = given.size === 0 ? [] : renderRetentionDdl(schemaOptions, cluster, given)
  const total = plans.reduce((n, p) => n + p.statements.length, 0) + retention.length
  let executed = 0
  for (const { migration, statements } of plans) {
    for (const sql of statements) {
      onProgress?.({ done: executed, total, step: stepOf(sql) })
      await store.command(sql)
      executed++
    }
    await store.insert(LEDGER_TABLE, [
      {
        Version: migration.version,
        Name: migration.name,
        Checksum: checksum(statements),
        DefinitionChecksum: definitionChecksum(migration),
        AppliedAt: toClickHouseTime(Date.now()),
      },
    ])
  }
  // Retention may change between runs; MODIFY TTL is idempotent and does not rewrite parts.
  for (const sql of retention) {
    onProgress?.({ done: executed, total, step: stepOf(sql) })
    await store.command(`${sql} SETTINGS materialize_ttl_after_modify = 0`)
    executed++
  }
  onProgress?.({ done: executed, total, step: 'done' })
  return {
    applied: pending.map((m) => m.version),
    alreadyApplied: [...done].sort((a, b) => a - b),
    statements: executed,
  }
}
