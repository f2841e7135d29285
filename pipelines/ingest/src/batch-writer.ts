// The in-process batch writer behind `tracehound up`: rows from the OTLP
// receiver are buffered per table and inserted in batches (by size or after a
// short delay). write() resolves only when its rows are stored, so the
// receiver acknowledges a request only after that; the buffer is bounded, so
// a slow store pushes back on the receiver instead of growing memory.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { InsertError, type Store } from '@tracehound/store'
import { backoffMs } from './retry-backoff.ts'

export interface BatchWriterOptions {
  /** Rows that trigger a flush. @default 20_000 */
  maxRows?: number
  /** Longest a row waits for its batch. @default 500 ms */
  maxDelayMs?: number
  /** Rows buffered (waiting + being inserted) before write() refuses. @default 200_000 */
  maxBufferedRows?: number
  /** Retries of a retriable insert failure, with the same token. @default 8 */
  retries?: number
}

interface Pending {
  rows: object[]
  waiters: { resolve: () => void; reject: (err: unknown) => void }[]
  timer: NodeJS.Timeout | undefined
}

export class BufferFullError extends Error {
  override name = 'BufferFullError'
}

export class BatchWriter {
  readonly #store: Store
  readonly #maxRows: number
  readonly #maxDelayMs: number
  readonly #maxBuffered: number
  readonly #retries: number
  readonly #pending = new Map<string, Pending>()
  #buffered = 0
  #chain: Promise<void> = Promise.resolve()
  rowsWritten = 0
  batches = 0

  constructor(store: Store, options: BatchWriterOptions = {}) {
    this.#store = store
    this.#maxRows = options.maxRows ?? 20_000
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
    if (this.#buffered > 0 && this.#buffered + rows.length > this.#maxBuffered) {
      return Promise.reject(new BufferFullError(`${this.#buffered} rows are waiting for the store; retry later`))
    }
    this.#buffered += rows.length
    const pending = this.#pending.get(table) ?? { rows: [], waiters: [], timer: undefined }
    this.#pending.set(table, pending)
    for (const row of rows) pending.rows.push(row)
    const done = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }))
    if (pending.rows.length >= this.#maxRows) this.#flush(table)
    else pending.timer ??= setTimeout(() => this.#flush(table), this.#maxDelayMs)
    return done
  }

  #flush(table: string): void {
    const pending = this.#pending.get(table)
    if (!pending || pending.rows.length === 0) return
    this.#pending.delete(table)
    if (pending.timer) clearTimeout(pending.timer)
    // One insert at a time: the embedded engine serializes them anyway.
    this.#chain = this.#chain.then(() => this.#insert(table, pending))
  }

  async #insert(table: string, batch: Pending): Promise<void> {
    const token = `up/${table}/${randomUUID()}`
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#store.insert(table, batch.rows, { dedupToken: token })
        this.rowsWritten += batch.rows.length
        this.batches++
        for (const w of batch.waiters) w.resolve()
        break
      } catch (err) {
        if (err instanceof InsertError && err.retriable && attempt < this.#retries) {
          await sleep(backoffMs(attempt, 100, 5_000))
          continue
        }
        for (const w of batch.waiters) w.reject(err)
        break
      }
    }
    this.#buffered -= batch.rows.length
  }

  /** Flushes everything buffered and waits for it. */
  async drain(): Promise<void> {
    for (const table of [...this.#pending.keys()]) this.#flush(table)
    await this.#chain
  }
}
