// The embedded backend: ClickHouse in-process (chdb) on a data directory.
// A data directory belongs to one process (the engine locks it), and one
// process can hold one data directory; both cases get a StoreLockedError.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Session } from 'chdb'
import { toInsertError } from './insert-error-message.ts'
import { readTagPrefix, ReadOnlySession, type ReadLimits } from './read-only-session.ts'
import { quoteString } from './sql-literal.ts'
import { createSpoolDir } from './spool-dir.ts'
import { encodeJsonEachRow, parseJsonEachRow } from './json-each-row.ts'
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

export class StoreLockedError extends Error {
  override name = 'StoreLockedError'
}

export interface ChdbStoreOptions {
  /** Data directory; created if missing. @default './.tracehound' */
  dataDir?: string
  /**
   * How a batch reaches the engine. 'file': the encoded batch is spooled to a
   * file (in RAM where /dev/shm exists) and read with INSERT … FROM INFILE,
   * which parses on all cores; 'buffer': chdb's raw Buffer insert. Measured
   * 1.5–2.5× faster for 'file' on this machine (BENCHMARKS.md). @default 'file'
   */
  insertVia?: 'file' | 'buffer'
  /** Folder the private spool directory is made in. @default '/dev/shm' if present, else the OS temp folder */
  spoolDir?: string
}

const SAFE_PATH = /^[\w./-]+$/

/** Reads the engine's status file for the pid of the process holding the directory. */
function holderPid(dataDir: string): string | undefined {
  try {
    return /PID:\s*(\d+)/.exec(readFileSync(join(dataDir, 'status'), 'utf8'))?.[1]
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function openSession(dataDir: string): Session {
  try {
    return new Session(dataDir)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const pid = holderPid(dataDir)
    if (
      (pid !== undefined && Number(pid) !== process.pid && isAlive(Number(pid))) ||
      /Cannot lock file|already running/.test(message)
    ) {
      throw new StoreLockedError(
        `the embedded store ${dataDir} is open in another process${pid ? ` (pid ${pid})` : ''}. ` +
          'Only one process can hold it: stop that process, or, while `tracehound up` holds it, read through up — ' +
          'its API (`curl http://127.0.0.1:4318/api/findings`) or its read-only ClickHouse interface ' +
          '(`tracehound up --clickhouse-http-port 8123`, then e.g. `tracehound findings --clickhouse http://127.0.0.1:8123`).',
        { cause: err },
      )
    }
    if (/path|session|connection/i.test(message)) {
      throw new StoreLockedError(
        `cannot open the embedded store ${dataDir} in this process: the embedded engine serves one data directory per process ` +
          `and another is open (${message.split('\n')[0]})`,
        { cause: err },
      )
    }
    throw err
  }
}

export class ChdbStore implements Store {
  readonly backend = 'chdb' as const
  readonly dataDir: string
  readonly #insertVia: 'file' | 'buffer'
  readonly #spoolBase: string
  #spoolDir: string | undefined
  #session: Session | undefined
  #spooled = 0

  private constructor(dataDir: string, session: Session, options: ChdbStoreOptions) {
    this.dataDir = dataDir
    this.#session = session
    this.#insertVia = options.insertVia ?? 'file'
    this.#spoolBase = resolve(options.spoolDir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir()))
    if (!SAFE_PATH.test(this.#spoolBase)) {
      throw new TypeError(
        `spoolDir ${JSON.stringify(this.#spoolBase)}: expected a path of letters, digits, '.', '_', '-' and '/' (it is written into the INSERT … FROM INFILE statement)`,
      )
    }
  }

  /** Opens (creating if needed) the embedded store in `dataDir`. */
  static async open(options: ChdbStoreOptions = {}): Promise<ChdbStore> {
    const dataDir = resolve(options.dataDir ?? './.tracehound')
    mkdirSync(dataDir, { recursive: true })
    const session = openSession(dataDir)
    // Event time is UTC everywhere: minute buckets must not depend on the host's zone.
    await session.queryAsync("SET session_timezone = 'UTC'")
    return new ChdbStore(dataDir, session, options)
  }

  get #open(): Session {
    if (!this.#session) throw new Error(`the embedded store ${this.dataDir} is closed`)
    return this.#session
  }

  async command(sql: string, params: QueryParams = {}): Promise<void> {
    await this.#open.queryBindAsync(sql, params, { format: 'Null' })
  }

  async query<T = Record<string, unknown>>(sql: string, params: QueryParams = {}): Promise<T[]> {
    const result = await this.#open.queryBindAsync(sql, params, { format: 'JSONEachRow' })
    return parseJsonEachRow<T>(result.text())
  }

  /** Runs a query and returns the engine's output in `format` (any ClickHouse output format) unparsed. */
  async queryFormatted(sql: string, params: QueryParams, format: string): Promise<Buffer> {
    const result = await this.#open.queryBindAsync(sql, params, { format })
    return Buffer.from(result.bytes())
  }

  /** A second session on the same data directory in which the engine refuses anything but reads. */
  async openReadOnlySession(limits: ReadLimits = {}): Promise<ReadOnlySession> {
    if (!this.#session) throw new Error(`the embedded store ${this.dataDir} is closed`)
    // The writing session cancels a read whose client went away (KILL QUERY is refused in a read-only
    // session). Without bound parameters: chdb runs a parameter-bound statement only after the running
    // one ends, which is what is being cancelled. The tag is ours (a UUID), checked before it is quoted.
    return ReadOnlySession.open(this.dataDir, limits, async (tag) => {
      if (!/^[0-9a-f-]{36}$/.test(tag)) throw new Error(`not a read tag: ${tag}`)
      await this.#open.queryAsync(`KILL QUERY WHERE startsWith(query, '${readTagPrefix(tag)}') ASYNC`, {
        format: 'Null',
      })
    })
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
      // chdb's Buffer insert takes text formats only: Native goes through the file.
      if (this.#insertVia === 'buffer' && format === 'JSONEachRow') {
        await this.#open.insert({
          table,
          values: body,
          format,
          settings: insertSettings(options, batch),
        })
      } else {
        await this.#insertFromFile(table, batch, options)
      }
    } catch (err) {
      throw toInsertError(table, rows, err)
    }
    return { rows }
  }

  async #insertFromFile(table: string, batch: EncodedBatch, options: InsertOptions | undefined): Promise<void> {
    this.#spoolDir ??= createSpoolDir(this.#spoolBase)
    const file = join(this.#spoolDir, `batch-${++this.#spooled}.${batch.format === 'Native' ? 'native' : 'jsonl'}`)
    await writeFile(file, batch.body, { flag: 'wx', mode: 0o600 }) // O_EXCL: never through a planted file or link
    try {
      // INFILE statements take no bound parameters; the settings are ours.
      const settings = Object.entries(insertSettings(options, batch))
        .map(([key, value]) => `${key} = ${typeof value === 'number' ? value : quoteString(value)}`)
        .join(', ')
      await this.#open.queryAsync(
        `INSERT INTO ${table} FROM INFILE '${file}' SETTINGS ${settings} FORMAT ${batch.format}`,
      )
    } finally {
      await rm(file, { force: true })
    }
  }

  async close(): Promise<void> {
    this.#session?.close()
    this.#session = undefined
    if (this.#spoolDir) rmSync(this.#spoolDir, { recursive: true, force: true })
    this.#spoolDir = undefined
  }

  /** The private spool directory, once a batch has been spooled (tests). */
  get spoolDirectory(): string | undefined {
    return this.#spoolDir
  }
}
