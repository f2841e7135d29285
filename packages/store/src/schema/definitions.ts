// Table and view definitions as data, so one set of definitions renders to the
// single-node DDL and to the cluster DDL (Replicated* + Distributed).

export type EngineKind = 'MergeTree' | 'ReplacingMergeTree' | 'SummingMergeTree' | 'AggregatingMergeTree'

export interface TableDef {
  readonly name: string
  /** `[column, type]` or `[column, type, codec]`; types exactly as ClickHouse spells them. */
  readonly columns: ReadonlyArray<readonly [name: string, type: string, codec?: string]>
  readonly indexes?: readonly string[]
  readonly engine: EngineKind
  /** Engine arguments after the replication path, e.g. the version column of ReplacingMergeTree. */
  readonly engineArgs?: readonly string[]
  readonly partitionBy?: string
  readonly orderBy: string
  /** TTL expression with `{retention_days}` where the configured retention goes. */
  readonly ttl?: string
  readonly settings?: Readonly<Record<string, string | number>>
  /** Distributed sharding key on a cluster. @default 'rand()' */
  readonly shardingKey?: string
  /** Why the table exists, for the generated DDL comment. */
  readonly comment: string
}

export interface ViewDef {
  readonly name: string
  /** Target table (a TableDef name). */
  readonly to: string
  /** The SELECT, with `{table}` placeholders for every table it reads. */
  readonly select: string
  readonly comment: string
}
