// Renders the definitions to DDL for one node or for a cluster. Both come from
// the same definitions, so the cluster schema cannot drift from the tested one.
import type { TableDef, ViewDef } from './definitions.ts'
import { SCHEMA_OBJECTS, TABLES, type SchemaObject } from './all-definitions.ts'
import { resolveSchemaOptions, type SchemaOptions } from './schema-options.ts'
import { quoteString } from '../sql-literal.ts'

export interface ClusterTarget {
  /** Cluster name from the server's remote_servers config. */
  cluster: string
  /** ZooKeeper/Keeper path prefix for replicated tables. @default '/clickhouse/tables/{shard}/{database}' */
  zooKeeperPrefix?: string
}

/** Tables on a single node keep the hashes of recent insert blocks, so a retried batch is skipped. */
export const DEDUPLICATION_WINDOW = 1000

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

function ttlFor(table: TableDef, options: Required<SchemaOptions>): string | undefined {
  return table.ttl
    ?.replace('{retention_days}', String(options.retentionDays))
    .replace('{rollup_retention_days}', String(options.rollupRetentionDays))
    .replace('{findings_retention_days}', String(options.findingsRetentionDays))
    .replace('{pairing_horizon_minutes}', String(options.pairingHorizonMinutes))
}

function columnsSql(table: TableDef): string {
  const columns = table.columns.map(([name, type, codec]) => `  ${name} ${type}${codec ? ` CODEC(${codec})` : ''}`)
  const indexes = (table.indexes ?? []).map((index) => `  INDEX ${index}`)
  return [...columns, ...indexes].join(',\n')
}

function tableSql(
  table: TableDef,
  name: string,
  engine: string,
  onCluster: string,
  options: Required<SchemaOptions>,
  extraSettings: Record<string, string | number>,
): string {
  const ttl = ttlFor(table, options)
  const settings = { ...table.settings, ...extraSettings }
  return [
    `-- ${table.comment}`,
    `CREATE TABLE IF NOT EXISTS ${name}${onCluster}\n(\n${columnsSql(table)}\n)`,
    `ENGINE = ${engine}`,
    table.partitionBy ? `PARTITION BY ${table.partitionBy}` : undefined,
    `ORDER BY ${table.orderBy}`,
    ttl ? `TTL ${ttl}` : undefined,
    Object.keys(settings).length
      ? `SETTINGS ${Object.entries(settings)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')}`
      : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n')
}

function viewSql(
  view: ViewDef,
  name: string,
  to: string,
  onCluster: string,
  tableName: (table: string) => string,
): string {
  let select = view.select
  for (const table of TABLES) select = select.replaceAll(`{${table.name}}`, tableName(table.name))
  return `-- ${view.comment}\nCREATE MATERIALIZED VIEW IF NOT EXISTS ${name}${onCluster} TO ${to}\nAS ${select}`
}

/** DDL statements for a single ClickHouse node (and for the embedded engine). */
export function renderSingleNodeDdl(
  schemaOptions: SchemaOptions = {},
  objects: readonly SchemaObject[] = SCHEMA_OBJECTS,
): string[] {
  const options = resolveSchemaOptions(schemaOptions)
  return objects.map((object) => {
    if ('view' in object) return viewSql(object.view, object.view.name, object.view.to, '', (t) => t)
    const { table } = object
    const engine = `${table.engine}(${(table.engineArgs ?? []).join(', ')})`
    return tableSql(table, table.name, engine, '', options, {
      non_replicated_deduplication_window: DEDUPLICATION_WINDOW,
    })
  })
}

/**
 * DDL for a cluster: every table becomes `<name>_local` (Replicated*MergeTree,
 * ON CLUSTER) plus `<name>` (Distributed over the local tables); views read
 * and write the local tables on each shard. Spans are sharded by TraceId, so
 * a trace's spans share a shard and the edge pairing stays shard-local.
 */
export function renderClusterDdl(
  target: ClusterTarget,
  schemaOptions: SchemaOptions = {},
  objects: readonly SchemaObject[] = SCHEMA_OBJECTS,
): string[] {
  if (!IDENTIFIER.test(target.cluster)) {
    throw new RangeError(
      `cluster name ${JSON.stringify(target.cluster)}: expected letters, digits and underscores (as in remote_servers)`,
    )
  }
  const options = resolveSchemaOptions(schemaOptions)
  const prefix = target.zooKeeperPrefix ?? '/clickhouse/tables/{shard}/{database}'
  const onCluster = ` ON CLUSTER ${target.cluster}`
  const local = (name: string): string => `${name}_local`
  const statements: string[] = []
  for (const object of objects) {
    if ('view' in object) {
      statements.push(viewSql(object.view, object.view.name, local(object.view.to), onCluster, local))
      continue
    }
    const { table } = object
    const args = [quoteString(`${prefix}/${local(table.name)}`), quoteString('{replica}'), ...(table.engineArgs ?? [])]
    statements.push(
      tableSql(table, local(table.name), `Replicated${table.engine}(${args.join(', ')})`, onCluster, options, {}),
    )
    statements.push(
      `-- Reads and writes of ${table.name} fan out to ${local(table.name)} on every shard.\n` +
        `CREATE TABLE IF NOT EXISTS ${table.name}${onCluster} AS ${local(table.name)}\n` +
        `ENGINE = Distributed(${target.cluster}, currentDatabase(), ${local(table.name)}, ${table.shardingKey ?? 'rand()'})`,
    )
  }
  return statements
}

/** `ALTER … MODIFY TTL` for every table with a TTL, so a changed retention takes effect on re-migration. */
export function renderRetentionDdl(
  schemaOptions: SchemaOptions = {},
  target?: ClusterTarget,
  only?: ReadonlySet<keyof SchemaOptions>,
): string[] {
  const options = resolveSchemaOptions(schemaOptions)
  // A table's TTL names its knob as a placeholder; with `only`, tables whose knob was not given keep theirs.
  const knob: Record<string, keyof SchemaOptions> = {
    '{retention_days}': 'retentionDays',
    '{rollup_retention_days}': 'rollupRetentionDays',
    '{findings_retention_days}': 'findingsRetentionDays',
    '{pairing_horizon_minutes}': 'pairingHorizonMinutes',
  }
  const wanted = (ttl: string): boolean =>
    !only || Object.entries(knob).some(([placeholder, key]) => ttl.includes(placeholder) && only.has(key))
  return TABLES.filter((t) => t.ttl && wanted(t.ttl)).map((table) => {
    const name = target ? `${table.name}_local ON CLUSTER ${target.cluster}` : table.name
    return `ALTER TABLE ${name} MODIFY TTL ${ttlFor(table, options)}`
  })
}
