// The in-process batch writer behind `tracehound up`: rows from the OTLP
// receiver are buffered per table and inserted in batches — group commit:
// when the store is idle a write is inserted at once (after `minDelayMs`, to
// gather requests arriving together), and while an insert runs the next
// writes gather and go in one insert as soon as it finishes. A request is
// then acknowledged in about one insert's time, not a fixed delay, and
// batches grow by themselves under load. write() resolves only when its rows are stored, so the
// receiver acknowledges a request only after that; the buffer is bounded, so
// a slow store pushes back on the receiver instead of growing memory.
// A batch the store refuses for good is split into the writes it was made
// of, so one client's bad rows fail only that client's request.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { encodeJsonEachRow, InsertError, jsonEachRowBatch, type Store } from '@tracehound/store'
import { backoffMs } from './retry-backoff.ts'

export interface BatchWriterOptions {
  /** Rows that trigger a flush. @default 20_000 */
  maxRows?: number
  /** How long an idle writer waits to gather requests arriving together. @default 2 ms */
  minDelayMs?: number
  /** Flush what gathered as soon as the store is free (false: only by size or after maxDelayMs, the former behaviour kept for comparison). @default true */
  groupCommit?: boolean
  /** Longest a row waits for its batch. @default 500 ms */
  maxDelayMs?: number
  /** Rows buffered (waiting + being inserted) before write() refuses. @default 200_000 */
  maxBufferedRows?: number
  /** Retries of a retriable insert failure, with the same token. @default 8 */
  retries?: number
}

interface Part {
  /** The write's rows as JSONEachRow. */
  body: Buffer
  rows: number
  resolve: () => void
  reject: (err: unknown) => void
}

interface Pending {
  parts: Part[]
  rows: number
  timer: NodeJS.Timeout | undefined
}

const isPermanent = (err: unknown): boolean => !(err instanceof InsertError && err.retriable)

/** What the OTLP receiver of `up` writes rows through: the batch writer, or the write-ahead log (wal-writer.ts). */
export interface RowWriter {
  /** Resolves once the rows are safe (stored, or logged on disk); rejects with BufferFullError when saturated. */
  write(table: string, rows: readonly object[]): Promise<void>
  /** write() for rows already encoded as JSONEachRow (`rows` of them): the OTLP receiver's protobuf spans. */
  writeEncoded(table: string, body: Buffer, rows: number): Promise<void>
  /** Stores everything written so far and waits for it. */
  drain(): Promise<void>
  /** Rows stored. */
  readonly rowsWritten: number
  /** Rows accepted and not yet stored. */
  readonly buffered: number
}

export class BufferFullError extends Error {
  override name = 'BufferFullError'
}

export class BatchWriter implements RowWriter {
  readonly #store: Store
  readonly #maxRows: number
  readonly #minDelayMs: number
  readonly #groupCommit: boolean
  readonly #maxDelayMs: number
  readonly #maxBuffered: number
  /** Inserts queued or running. */
  #inserting = 0
  readonly #retries: number
  readonly #pending = new Map<string, Pending>()
  #buffered = 0
  #chain: Promise<void> = Promise.resolve()
  rowsWritten = 0
  batches = 0

  constructor(store: Store, options: BatchWriterOptions = {}) {
    this.#store = store
    this.#maxRows = options.maxRows ?? 20_000
    this.#minDelayMs = options.minDelayMs ?? 2
    this.#groupCommit = options.groupCommit ?? true
    this.#maxDelayMs = options.maxDelayMs ?? 500
    this.#maxBuffered = options.maxBufferedRows ?? 200_000
    this.#retries = options.retries ?? 8
  }

  get buffered(): number {
    return this.#buffered
  }

  /** Resolves once `rows` are in `table`; rejects with BufferFullError when the writer is saturated. */
  write(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    return this.writeEncoded(table, encodeJsonEachRow(rows), rows.length)
  }

  writeEncoded(table: string, body: Buffer, rows: number): Promise<void> {
    if (rows === 0) return Promise.resolve()
    if (this.#buffered > 0 && this.#buffered + rows > this.#maxBuffered) {
      return Promise.reject(new BufferFullError(`${this.#buffered} rows are waiting for the store; retry later`))
    }
    this.#buffered += rows
    const pending = this.#pending.get(table) ?? { parts: [], rows: 0, timer: undefined }
    this.#pending.set(table, pending)
    pending.rows += rows
    const done = new Promise<void>((resolve, reject) => pending.parts.push({ body, rows, resolve, reject }))
    if (pending.rows >= this.#maxRows) this.#flush(table)
    // Idle: go almost at once. Busy: the running insert's end flushes this (maxDelayMs is only the bound).
    else
      pending.timer ??= setTimeout(
        () => this.#flush(table),
        this.#groupCommit && this.#inserting === 0 ? this.#minDelayMs : this.#maxDelayMs,
      )
    return done
  }

  #flush(table: string): void {
    const pending = this.#pending.get(table)
    if (!pending || pending.rows === 0) return
    this.#pending.delete(table)
    if (pending.timer) clearTimeout(pending.timer)
    // One insert at a time: the embedded engine serializes them anyway.
    this.#inserting++
    this.#chain = this.#chain
      .then(() => this.#insert(table, pending))
      .finally(() => {
        this.#inserting--
        // Group commit: what gathered while the store was busy goes now.
        if (this.#groupCommit && this.#inserting === 0)
          for (const waiting of [...this.#pending.keys()]) this.#flush(waiting)
      })
  }

  async #insert(table: string, batch: Pending): Promise<void> {
    const token = `up/${table}/${randomUUID()}`
    const body = batch.parts.length === 1 ? batch.parts[0]!.body : Buffer.concat(batch.parts.map((p) => p.body))
    const err = await this.#insertWithRetries(table, body, batch.rows, token)
    if (err === undefined) {
      for (const part of batch.parts) part.resolve()
    } else if (batch.parts.length === 1) {
      batch.parts[0]!.reject(err)
    } else {
      // Refused for good: each write alone, so only the one that carries
      // the bad rows fails (a retriable failure that outlasted its retries
      // fails them all, as it would have alone).
      for (const [i, part] of batch.parts.entries()) {
        const alone = isPermanent(err)
          ? await this.#insertWithRetries(table, part.body, part.rows, `${token}/${i}`)
          : err
        if (alone === undefined) part.resolve()
        else part.reject(alone)
      }
    }
    this.#buffered -= batch.rows
  }

  /** Undefined when stored; otherwise the last error. */
  async #insertWithRetries(table: string, body: Buffer, rows: number, token: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#store.insertEncoded(table, jsonEachRowBatch(body, rows), { dedupToken: token })
        this.rowsWritten += rows
        this.batches++
        return undefined
      } catch (err) {
        if (!isPermanent(err) && attempt < this.#retries) {
          await sleep(backoffMs(attempt, 100, 5_000))
          continue
        }
        return err
      }
    }
  }

  /** Flushes everything buffered and waits for it. */
  async drain(): Promise<void> {
    for (const table of [...this.#pending.keys()]) this.#flush(table)
    await this.#chain
  }
}
