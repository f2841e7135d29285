// The server backend: a ClickHouse server (or cluster) over HTTP(S) through
// @clickhouse/client. Same SQL, same settings as the embedded backend.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client'
import { toInsertError } from './insert-error-message.ts'
import { encodeJsonEachRow } from './json-each-row.ts'
import {
  assertBatchSize,
  assertTableName,
  type EncodedBatch,
  insertSettings,
  jsonEachRowBatch,
  type InsertOptions,
  type InsertResult,
  type QueryParams,
  type Store,
} from './store.ts'

export interface ServerStoreOptions {
  /** `http(s)://host:port`; credentials in the URL are accepted. */
  url: string
  /** @default 'default' (or the URL's user) */
  username?: string
  password?: string
  /** @default 'default' (or the URL's path) */
  database?: string
  /** PEM files for TLS: a private CA, and optionally a client certificate. */
  tls?: { caCertFile: string; certFile?: string; keyFile?: string }
  /** Per-request timeout. @default 60_000 */
  requestTimeoutMs?: number
  /** Compress insert bodies with gzip. @default true */
  compressInserts?: boolean
}

export class ServerStore implements Store {
  readonly backend = 'server' as const
  readonly #client: ClickHouseClient

  constructor(options: ServerStoreOptions) {
    const tls = options.tls
      ? {
          ca_cert: readFileSync(options.tls.caCertFile),
          ...(options.tls.certFile && options.tls.keyFile
            ? { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }
            : {}),
        }
      : undefined
    this.#client = createClient({
      url: options.url,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.database !== undefined ? { database: options.database } : {}),
      ...(tls ? { tls } : {}),
      request_timeout: options.requestTimeoutMs ?? 60_000,
      compression: { request: options.compressInserts ?? true, response: false },
      // Event time is UTC everywhere: minute buckets must not depend on the server's zone.
      clickhouse_settings: { session_timezone: 'UTC' },
      // Failures reach the caller as errors (InsertError names the column);
      // the client's own console logging would print them a second time.
      log: { level: ClickHouseLogLevel.OFF },
    })
  }

  async command(sql: string, params: QueryParams = {}): Promise<void> {
    await this.#client.command({ query: sql, query_params: params })
  }

  async query<T = Record<string, unknown>>(sql: string, params: QueryParams = {}): Promise<T[]> {
    const result = await this.#client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
    return result.json<T>()
  }

  async insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<InsertResult> {
    return this.insertEncoded(table, jsonEachRowBatch(encodeJsonEachRow(rows), rows.length), options)
  }

  async insertEncoded(table: string, batch: EncodedBatch, options?: InsertOptions): Promise<InsertResult> {
    const { body, rows, format } = batch
    assertTableName(table)
    assertBatchSize(table, rows)
    if (rows === 0) return { rows: 0 }
    try {
      const result = await this.#client.exec({
        query: `INSERT INTO ${table} FORMAT ${format}`,
        values: Readable.from([body]),
        clickhouse_settings: insertSettings(options, batch),
      })
      // Drain the (empty) response so the socket goes back to the pool.
      for await (const _ of result.stream) void _
    } catch (err) {
      throw toInsertError(table, rows, err)
    }
    return { rows }
  }

  async close(): Promise<void> {
    await this.#client.close()
  }
}
