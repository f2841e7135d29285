// The durable acknowledgement of `tracehound up`: a request's rows are
// appended to a local write-ahead log and the request is acknowledged once
// they are fsynced — milliseconds — instead of once the store has inserted
// them (an insert with its rollup views costs ~100 ms however small, and an
// OpenTelemetry SDK keeps one export in flight, so that latency capped one
// SDK process at ~4k spans/s and its queue dropped the rest). The log is
// stored in the background, one segment per insert: a segment holds what
// arrived while the previous insert ran, so inserts grow under load.
//
// Every segment is a file of JSONEachRow lines, inserted with a
// deduplication token derived from its name: after a crash, `open` inserts
// the segments left behind with the same tokens, so a segment whose insert
// had already landed is not stored twice, and an acknowledged row is never
// lost. Writes arriving during one fsync share the next (group fsync).
//
// Rows the store refuses for good (the decoder admits only what the insert
// accepts, so this is a residue) cannot fail their request any more — it was
// acknowledged. The segment is split until the refused rows are isolated;
// the others are stored, the refused ones are kept in `rejected/` and
// logged. Nothing is dropped silently.
import { randomUUID } from 'node:crypto'
import { appendFile, mkdir, open, readdir, readFile, rm, truncate, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { encodeJsonEachRow, InsertError, jsonEachRowBatch, type Store } from '@tracehound/store'
import { BufferFullError, type RowWriter } from './batch-writer.ts'
import { backoffMs } from './retry-backoff.ts'

export type WalLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface WalWriterOptions {
  /** Bytes logged but not yet stored before write() refuses (the receiver answers 503 + Retry-After). @default 256 MiB */
  maxPendingBytes?: number
  /** A segment is stored once the store is idle, or once it holds this many bytes. @default 32 MiB */
  maxSegmentBytes?: number
  log?: WalLog
}

interface Waiting {
  body: Buffer
  rows: number
  resolve: () => void
  reject: (err: unknown) => void
}

interface Segment {
  readonly table: string
  readonly name: string
  readonly path: string
  handle: FileHandle | undefined
  /** Bytes and rows fsynced into the file. */
  bytes: number
  rows: number
  waiting: Waiting[]
  /** The running append + fsync loop, if any. */
  syncing: Promise<void> | undefined
}

const SEGMENT = /^([0-9a-f]{8})-(\d{9})-([a-z_]+)\.jsonl$/
const isPermanent = (err: unknown): boolean => err instanceof InsertError && !err.retriable

export class WalWriter implements RowWriter {
  readonly #dir: string
  readonly #store: Store
  readonly #maxPending: number
  readonly #maxSegment: number
  readonly #log: WalLog
  /** Distinguishes this process's segments (and tokens) from any earlier run's. */
  readonly #run = randomUUID().slice(0, 8)
  #seq = 0
  readonly #current = new Map<string, Segment>()
  /** Sealed segments waiting for the store, oldest first. */
  readonly #sealed: Segment[] = []
  /** The store loop while it runs. */
  #storing: Promise<void> | undefined
  /** Segments being closed on their way to #sealed. */
  readonly #sealing = new Set<Promise<void>>()
  #pendingBytes = 0
  #pendingRows = 0
  rowsWritten = 0
  /** Rows refused by the store for good and kept in `rejected/`. */
  rowsRejected = 0

  private constructor(dir: string, store: Store, options: WalWriterOptions) {
    this.#dir = dir
    this.#store = store
    this.#maxPending = options.maxPendingBytes ?? 256 * 1024 * 1024
    this.#maxSegment = options.maxSegmentBytes ?? 32 * 1024 * 1024
    this.#log = options.log ?? (() => undefined)
  }

  /** Opens the log in `dir` (created 0700) and stores what an earlier run left in it, in order. */
  static async open(dir: string, store: Store, options: WalWriterOptions = {}): Promise<WalWriter> {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const writer = new WalWriter(dir, store, options)
    await writer.#recover()
    return writer
  }

  /** Rows acknowledged and not yet stored. */
  get buffered(): number {
    return this.#pendingRows
  }

  /** Resolves once `rows` are in the log on disk; rejects with BufferFullError when the store is too far behind. */
  write(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    return this.writeEncoded(table, encodeJsonEachRow(rows), rows.length)
  }

  writeEncoded(table: string, body: Buffer, rows: number): Promise<void> {
    if (rows === 0) return Promise.resolve()
    if (!/^[a-z_]+$/.test(table))
      return Promise.reject(new TypeError(`table ${JSON.stringify(table)}: not a table name`))
    if (this.#pendingBytes >= this.#maxPending)
      return Promise.reject(
        new BufferFullError(`${this.#pendingBytes} bytes are logged and waiting for the store; retry later`),
      )
    this.#pendingBytes += body.length
    this.#pendingRows += rows
    const segment = this.#segmentFor(table)
    const done = new Promise<void>((resolve, reject) => segment.waiting.push({ body, rows, resolve, reject }))
    segment.syncing ??= this.#sync(segment)
    return done
  }

  /** Stores everything logged so far and waits for it. */
  async drain(): Promise<void> {
    for (const table of [...this.#current.keys()]) this.#seal(table)
    while (this.#sealing.size > 0 || this.#storing) {
      await Promise.all([...this.#sealing])
      await this.#storing
    }
  }

  #segmentFor(table: string): Segment {
    let segment = this.#current.get(table)
    if (!segment) {
      const name = `${this.#run}-${String(++this.#seq).padStart(9, '0')}-${table}.jsonl`
      segment = {
        table,
        name,
        path: join(this.#dir, name),
        handle: undefined,
        bytes: 0,
        rows: 0,
        waiting: [],
        syncing: undefined,
      }
      this.#current.set(table, segment)
    }
    return segment
  }

  /** Appends and fsyncs what waits, in groups, until nothing does; then lets the store take the segment. */
  async #sync(segment: Segment): Promise<void> {
    while (segment.waiting.length > 0) {
      const group = segment.waiting.splice(0)
      const body = group.length === 1 ? group[0]!.body : Buffer.concat(group.map((w) => w.body))
      try {
        segment.handle ??= await open(segment.path, 'wx', 0o600) // O_EXCL: never through a planted file or link
        await segment.handle.write(body)
        await segment.handle.datasync()
        segment.bytes += body.length
        segment.rows += group.reduce((n, w) => n + w.rows, 0)
        for (const w of group) w.resolve()
      } catch (err) {
        // Not acknowledged: cut the file back to what was, so a retried request is not stored twice.
        await segment.handle?.truncate(segment.bytes).catch(() => undefined)
        this.#pendingBytes -= body.length
        this.#pendingRows -= group.reduce((n, w) => n + w.rows, 0)
        for (const w of group) w.reject(err)
      }
    }
    segment.syncing = undefined
    if (this.#storing === undefined || segment.bytes >= this.#maxSegment) this.#seal(segment.table)
  }

  /** Closes the table's current segment to new writes and queues it for the store. */
  #seal(table: string): void {
    const segment = this.#current.get(table)
    if (!segment) return
    this.#current.delete(table) // at once: new writes go to a new segment
    const sealing = (async () => {
      while (segment.syncing) await segment.syncing
      await segment.handle?.close()
      segment.handle = undefined
      if (segment.rows === 0) await rm(segment.path, { force: true })
      else {
        this.#sealed.push(segment)
        this.#startStoring()
      }
    })()
    this.#sealing.add(sealing)
    void sealing.finally(() => this.#sealing.delete(sealing))
  }

  /** Starts the store loop unless it runs: sealed segments one at a time, then what gathered meanwhile. */
  #startStoring(): void {
    if (this.#storing) return
    this.#storing = this.#storeLoop().finally(() => {
      this.#storing = undefined
      // Group commit: what gathered while the store was busy goes now.
      for (const [table, segment] of this.#current) if (!segment.syncing && segment.rows > 0) this.#seal(table)
    })
  }

  async #storeLoop(): Promise<void> {
    await Promise.resolve() // #storing is set before the loop runs
    for (let segment = this.#sealed.shift(); segment; segment = this.#sealed.shift()) {
      try {
        await this.#storeSegment(segment)
      } catch (err) {
        // Only a log file gone from under us gets here (the store's own failures are retried or isolated).
        this.#log('error', 'a write-ahead log segment could not be read back; its rows are not stored', {
          file: segment.path,
          rows: segment.rows,
          error: (err as Error).message,
        })
      }
      this.#pendingBytes -= segment.bytes
      this.#pendingRows -= segment.rows
    }
  }

  async #storeSegment(segment: Segment): Promise<void> {
    const body = await readFile(segment.path)
    const token = `wal/${segment.name}`
    const err = await this.#insert(segment.table, body, segment.rows, token)
    if (err === undefined) this.rowsWritten += segment.rows
    else await this.#isolate(segment, body, token)
    await rm(segment.path, { force: true })
  }

  /** Undefined when stored. Retriable failures are retried without end: the rows are acknowledged. */
  async #insert(table: string, body: Buffer, rows: number, token: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#store.insertEncoded(table, jsonEachRowBatch(body, rows), { dedupToken: token })
        return undefined
      } catch (err) {
        if (isPermanent(err)) return err
        if (attempt === 0 || attempt % 10 === 0)
          this.#log('warn', 'storing the write-ahead log failed; retrying with the same token', {
            table,
            attempt: attempt + 1,
            error: (err as Error).message,
          })
        await sleep(backoffMs(attempt, 100, 5_000))
      }
    }
  }

  /** Halves a refused segment until the refused lines are alone; stores the rest, keeps those in rejected/. */
  async #isolate(segment: Segment, body: Buffer, token: string): Promise<void> {
    const lines = body
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
    const refused: string[] = []
    const split = async (from: number, to: number): Promise<void> => {
      const part = Buffer.from(`${lines.slice(from, to).join('\n')}\n`)
      const err = await this.#insert(segment.table, part, to - from, `${token}/${from}-${to}`)
      if (err === undefined) this.rowsWritten += to - from
      else if (to - from === 1) refused.push(lines[from]!)
      else {
        const middle = Math.floor((from + to) / 2)
        await split(from, middle)
        await split(middle, to)
      }
    }
    const middle = Math.floor(lines.length / 2)
    await split(0, middle)
    await split(middle, lines.length)
    if (refused.length === 0) return
    const rejectedDir = join(this.#dir, 'rejected')
    await mkdir(rejectedDir, { recursive: true, mode: 0o700 })
    await appendFile(join(rejectedDir, segment.name), `${refused.join('\n')}\n`, { mode: 0o600 })
    this.rowsRejected += refused.length
    this.#log('error', 'the store refused acknowledged rows for good; they are kept in the rejected folder', {
      table: segment.table,
      rows: refused.length,
      file: join(rejectedDir, segment.name),
    })
  }

  /** Queues what an earlier run logged and did not store (a torn last line was never acknowledged: cut). */
  async #recover(): Promise<void> {
    const names = (await readdir(this.#dir)).filter((name) => SEGMENT.test(name)).sort()
    for (const name of names) {
      const path = join(this.#dir, name)
      const body = await readFile(path)
      const end = body.lastIndexOf(0x0a) + 1
      if (end < body.length) await truncate(path, end)
      const rows = body.subarray(0, end).reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0)
      const table = SEGMENT.exec(name)![3]!
      if (rows === 0) {
        await rm(path, { force: true })
        continue
      }
      this.#sealed.push({ table, name, path, handle: undefined, bytes: end, rows, waiting: [], syncing: undefined })
      this.#pendingBytes += end
      this.#pendingRows += rows
    }
    if (this.#sealed.length > 0) {
      this.#log('info', 'storing what the write-ahead log holds from before a restart', {
        segments: this.#sealed.length,
        rows: this.#pendingRows,
      })
      this.#startStoring()
    }
  }
}
