// The one interface every stage uses to reach ClickHouse, embedded or server.

/** Values bound server-side to `{name:Type}` placeholders; never spliced into SQL. */
export type QueryParams = Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>

export interface InsertOptions {
  /**
   * Idempotency token: a batch retried with the same token is written at most
   * once, rollups included (ClickHouse `insert_deduplication_token`). Derive it
   * from the batch's identity, e.g. topic/partition/offset range.
   */
  dedupToken?: string
}

/** The input formats an encoded batch may be in. */
export type InsertFormat = 'JSONEachRow' | 'Native'

export interface EncodedBatch {
  readonly format: InsertFormat
  readonly body: Buffer
  readonly rows: number
}

/** A JSONEachRow batch. */
export const jsonEachRowBatch = (body: Buffer, rows: number): EncodedBatch => ({ format: 'JSONEachRow', body, rows })

export interface InsertResult {
  /** Rows in the batch that was sent (a deduplicated retry still reports them). */
  readonly rows: number
}

export interface Store {
  /** Which backend serves this store, for logs and /healthz. */
  readonly backend: 'chdb' | 'server'
  /** Runs a statement that returns no rows (DDL, ALTER, INSERT … SELECT). */
  command(sql: string, params?: QueryParams): Promise<void>
  /** Runs a query and returns its rows as objects (JSONEachRow). */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>
  /**
   * Inserts one batch of row objects in one INSERT: all rows or none. Unknown
   * keys and values that do not fit a column fail the batch with an
   * {@link InsertError} naming the column.
   */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<InsertResult>
  /** The same, for a batch already encoded (JSONEachRow: one object per line; Native: one or more blocks). */
  insertEncoded(table: string, batch: EncodedBatch, options?: InsertOptions): Promise<InsertResult>
  /** Releases the connection (and, embedded, the data directory). Idempotent. */
  close(): Promise<void>
}

/**
 * One insert is one block, so it is atomic only up to this many rows
 * (ClickHouse's default max_insert_block_size is 1,048,449).
 */
export const MAX_BATCH_ROWS = 1_000_000

export class InsertError extends Error {
  override name = 'InsertError'
  readonly table: string
  readonly rows: number
  /** False when the data itself is wrong (retrying cannot help); true for overload, network, timeouts. */
  readonly retriable: boolean
  constructor(table: string, rows: number, message: string, retriable: boolean, options?: ErrorOptions) {
    super(message, options)
    this.table = table
    this.rows = rows
    this.retriable = retriable
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/

/** Table names come from our code, never from span data; refuse anything else. */
export function assertTableName(table: string): void {
  if (!IDENTIFIER.test(table)) {
    throw new TypeError(
      `table name ${JSON.stringify(table)}: expected [database.]identifier (letters, digits, underscores)`,
    )
  }
}

export function assertBatchSize(table: string, rows: number): void {
  if (rows > MAX_BATCH_ROWS) {
    throw new InsertError(
      table,
      rows,
      `batch of ${rows} rows into ${table} exceeds ${MAX_BATCH_ROWS} rows, the most one atomic insert holds; split it`,
      false,
    )
  }
}

/**
 * ClickHouse parses a large JSONEachRow body in parallel chunks and refuses a
 * row larger than ten of them (10 × 10 MiB: "Size of JSON object … is
 * extremely large"). Bodies whose rows average more than this are parsed
 * serially — one row of learned detector state at 100,000 users is ~160 MB.
 */
export const SERIAL_PARSING_ROW_BYTES = 1024 * 1024

/**
 * Settings every insert carries: refuse unknown keys instead of silently
 * dropping data; parse serially when the rows are large (`batch`'s bytes per
 * row); run the views in parallel.
 */
export function insertSettings(
  options: InsertOptions | undefined,
  batch?: Pick<EncodedBatch, 'body' | 'rows'>,
): Record<string, string | number> {
  const settings: Record<string, string | number> = { input_format_skip_unknown_fields: 0 }
  if (options?.dedupToken !== undefined) settings['insert_deduplication_token'] = options.dedupToken
  if (batch && batch.rows > 0 && batch.body.length / batch.rows > SERIAL_PARSING_ROW_BYTES)
    settings['input_format_parallel_parsing'] = 0
  // The rollup views of an insert run side by side instead of one after another: 2.0–2.3 s against 2.4 s
  // per 32 MiB unit into the embedded store (BENCHMARKS.md, ingest).
  settings['parallel_view_processing'] = 1
  return settings
}
