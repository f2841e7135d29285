// The gateway's optional disk spool: a request is acknowledged once its
// Kafka messages are written and fsynced to a local segment, and reaches
// Kafka in the background. What it buys is a Kafka outage (or a broker
// restart, a leader election) that clients do not see: without it the
// gateway answers 503 and every client retries on its own schedule; with it
// the spool fills and drains, and an acknowledged request still survives the
// gateway's process dying. The Collector's answer is a persistent sending
// queue; this is the gateway's. It is not a speed-up: in `npm run interop`
// (BENCHMARKS.md) it took as much time off an export as it added, and cost
// ~250 µs more CPU a 100-span request — the broker's round trip is a small
// part of an export here, the fsync is not free.
//
// Writes arriving during one fsync share the next (group fsync). Every
// written group is handed to `produce` at once (produce-rounds.ts joins what
// arrives together into one Kafka request); a retriable failure is retried
// with backoff for as long as it takes, so a Kafka outage fills the spool
// rather than failing clients — until `maxPendingBytes`, when appends are
// refused (the client gets 503 + Retry-After and retries). Messages Kafka
// refuses for good (they were acknowledged, so they cannot fail their
// request any more) are kept in `rejected/` and logged; nothing is dropped
// silently.
//
// A segment is rewound once everything in it reached Kafka, and sealed for a
// fresh one once it holds `segmentBytes`; a sealed segment is deleted once
// delivered. At start, the segments an earlier process left behind are read
// back (spool-records.ts) and delivered. Delivery is at least once: a
// message produced just before a crash, whose segment was not rewound yet,
// is produced again after the restart (as a client's retry would be).
import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Outgoing } from './produce-rounds.ts'
import { decodeSpoolRecords, encodeSpoolRecords } from './spool-records.ts'

export type SpoolLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface ProduceSpoolOptions {
  /** The directory of the segments (created if missing; one gateway process per directory). */
  dir: string
  /** Produces the messages; resolves once Kafka acknowledged them. */
  produce: (messages: readonly Outgoing[]) => Promise<void>
  /** Bytes spooled but not yet in Kafka before appends are refused (memory and disk). @default 256 MiB */
  maxPendingBytes?: number
  /** A segment is sealed for a new one once it holds this many bytes. @default 16 MiB */
  segmentBytes?: number
  log?: SpoolLog
}

/** The spool holds `maxPendingBytes` not yet in Kafka: the client should retry later. */
export class SpoolFullError extends Error {
  override name = 'SpoolFullError'
  readonly retriable = true
}

interface Segment {
  readonly path: string
  handle: FileHandle | undefined
  /** Write position (bytes of the current generation). */
  size: number
  generation: number
  /** Groups written and not yet in Kafka. */
  outstanding: number
  sealed: boolean
}

interface Waiting {
  readonly messages: readonly Outgoing[]
  readonly bytes: number
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

const SEGMENT = /^[0-9a-f]{8}-\d{9}\.spool$/
const RECOVER_CHUNK_BYTES = 4 * 1024 * 1024

/** Delay before the n-th retry: doubling from 100 ms up to 5 s, with jitter so gateways do not retry in step. */
const retryDelayMs = (attempt: number): number => Math.min(5000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2)

export class ProduceSpool {
  readonly #dir: string
  readonly #produce: ProduceSpoolOptions['produce']
  readonly maxPendingBytes: number
  readonly #segmentBytes: number
  readonly #log: SpoolLog
  readonly #run = randomUUID().slice(0, 8)
  #seq = 0
  #current: Segment | undefined
  #waiting: Waiting[] = []
  #queuedBytes = 0
  #writing: Promise<void> | undefined
  /** Deliveries running (their promises settle only when delivered, rejected or the spool closes). */
  readonly #deliveries = new Set<Promise<void>>()
  #recovering: Promise<void> | undefined
  /** Delivered segments being deleted. */
  readonly #removing = new Set<Promise<void>>()
  /** Set when close() begins: appends are refused. */
  #closing = false
  /** Set when close() stops waiting: retries end, what is left stays on disk. */
  #closed = false
  readonly #stopRetries = new AbortController()
  pendingBytes = 0
  /** Messages delivered to Kafka, and kept in rejected/ (for metrics and tests). */
  delivered = 0
  rejected = 0
  /** The last delivery error, until a delivery succeeds. */
  lastError: string | undefined

  constructor(options: ProduceSpoolOptions) {
    this.#dir = options.dir
    this.#produce = options.produce
    this.maxPendingBytes = options.maxPendingBytes ?? 256 * 1024 * 1024
    this.#segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024
    this.#log = options.log ?? (() => {})
    for (const [name, value] of [
      ['maxPendingBytes', this.maxPendingBytes],
      ['segmentBytes', this.#segmentBytes],
    ] as const)
      if (!Number.isInteger(value) || value < 1024)
        throw new RangeError(
          `spool ${name} = ${value}: expected a whole number of bytes, at least 1024${name === 'maxPendingBytes' ? ' (--spool-max-bytes, gateway.spool_max_bytes)' : ''}`,
        )
  }

  /** Creates the directory and starts delivering what an earlier process left in it. */
  async open(): Promise<void> {
    let left: string[]
    try {
      await mkdir(join(this.#dir, 'rejected'), { recursive: true })
      left = (await readdir(this.#dir)).filter((name) => SEGMENT.test(name)).sort()
    } catch (error) {
      throw new Error(
        `gateway spool directory ${this.#dir}: ${(error as Error).message} — give --spool-dir (gateway.spool_dir) a directory this process can create and write`,
        { cause: error },
      )
    }
    if (left.length > 0) {
      this.#log('info', 'spool: delivering segments left by an earlier run', { dir: this.#dir, segments: left.length })
      this.#recovering = this.#recover(left.map((name) => join(this.#dir, name)))
    }
  }

  /** Resolves once the messages are on disk (fsynced); they reach Kafka afterwards. */
  append(messages: readonly Outgoing[]): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('gateway spool closed: the gateway is stopping'))
    const bytes = messages.reduce((n, m) => n + m.value.length, 0)
    if (
      this.pendingBytes + this.#queuedBytes + bytes > this.maxPendingBytes &&
      this.pendingBytes + this.#queuedBytes > 0
    )
      return Promise.reject(
        new SpoolFullError(
          `gateway spool full: ${this.pendingBytes} bytes wait for Kafka (limit ${this.maxPendingBytes}); retry later`,
        ),
      )
    return new Promise((resolve, reject) => {
      this.#waiting.push({ messages, bytes, resolve, reject })
      this.#queuedBytes += bytes
      this.#writing ??= this.#writeLoop()
    })
  }

  /** Group fsync: everything that arrived during the last write goes in the next. */
  async #writeLoop(): Promise<void> {
    for (;;) {
      const group = this.#waiting
      if (group.length === 0) {
        // In the same turn as this look at #waiting: an append after it starts a new loop.
        this.#writing = undefined
        return
      }
      this.#waiting = []
      const bytes = group.reduce((n, w) => n + w.bytes, 0)
      this.#queuedBytes -= bytes
      try {
        const segment = await this.#segmentFor()
        const records = encodeSpoolRecords(
          group.flatMap((w) => w.messages),
          segment.generation,
        )
        await segment.handle!.write(records, 0, records.length, segment.size)
        await segment.handle!.datasync()
        segment.size += records.length
        for (const w of group) {
          this.#deliver(segment, w.messages, w.bytes)
          w.resolve()
        }
        if (segment.size >= this.#segmentBytes) this.#seal(segment)
      } catch (error) {
        for (const w of group) w.reject(error)
      }
    }
  }

  /** The segment to write to: rewound when all it held is in Kafka, a fresh one after a seal. */
  async #segmentFor(): Promise<Segment> {
    const current = this.#current
    if (current && current.outstanding === 0 && current.size > 0) {
      current.size = 0
      current.generation = (current.generation + 1) >>> 0
    }
    if (current) return current
    const name = `${this.#run}-${String(this.#seq++).padStart(9, '0')}.spool`
    const segment: Segment = {
      path: join(this.#dir, name),
      handle: undefined,
      size: 0,
      generation: 0,
      outstanding: 0,
      sealed: false,
    }
    segment.handle = await open(segment.path, 'w')
    // The new name must survive a crash too, not only the bytes written into it.
    const dir = await open(this.#dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
    this.#current = segment
    return segment
  }

  #seal(segment: Segment): void {
    segment.sealed = true
    if (this.#current === segment) this.#current = undefined
    // Nothing more is written to it.
    const handle = segment.handle
    segment.handle = undefined
    handle?.close().catch(() => undefined)
    if (segment.outstanding === 0) this.#remove(segment)
  }

  #remove(segment: Segment): void {
    const removing = rm(segment.path, { force: true })
      .catch((error: unknown) =>
        this.#log('warn', 'spool: cannot remove a delivered segment', {
          path: segment.path,
          error: (error as Error).message,
        }),
      )
      .finally(() => this.#removing.delete(removing))
    this.#removing.add(removing)
  }

  #deliver(segment: Segment, messages: readonly Outgoing[], bytes: number): void {
    segment.outstanding++
    this.pendingBytes += bytes
    const delivery = this.#deliverUntilDone(messages).then((done) => {
      this.#deliveries.delete(delivery)
      if (!done) return // the spool closed first: the messages stay on disk for the next run
      this.pendingBytes -= bytes
      segment.outstanding--
      if (segment.sealed && segment.outstanding === 0) this.#remove(segment)
    })
    this.#deliveries.add(delivery)
  }

  /** True once Kafka has the messages (or rejected/ has them); false if the spool closed first. */
  async #deliverUntilDone(messages: readonly Outgoing[]): Promise<boolean> {
    for (let attempt = 0; !this.#closed; attempt++) {
      try {
        await this.#produce(messages)
        this.delivered += messages.length
        this.lastError = undefined
        return true
      } catch (error) {
        this.lastError = (error as Error).message
        if ((error as { retriable?: unknown }).retriable === false) {
          try {
            await this.#keepRejected(messages, error as Error)
            return true
          } catch (keeping) {
            // Not even kept: they stay spooled, and the refusal is tried again.
            this.lastError = `${this.lastError}; and cannot keep them in rejected/: ${(keeping as Error).message}`
          }
        }
        if (attempt === 0 || attempt % 10 === 9)
          this.#log('warn', 'spool: Kafka did not take spooled messages; retrying', {
            messages: messages.length,
            attempt: attempt + 1,
            error: this.lastError,
          })
        await sleep(retryDelayMs(attempt), undefined, { signal: this.#stopRetries.signal }).catch(() => undefined)
      }
    }
    return false
  }

  async #keepRejected(messages: readonly Outgoing[], error: Error): Promise<void> {
    const path = join(this.#dir, 'rejected', `${Date.now()}-${this.#run}-${this.#seq++}.spool`)
    await writeFile(path, encodeSpoolRecords(messages, 0))
    this.rejected += messages.length
    this.#log('error', 'spool: Kafka refused acknowledged messages for good; kept for an operator', {
      messages: messages.length,
      kept_in: path,
      error: error.message,
    })
  }

  /** Segments of an earlier run, one after another, in chunks; each removed once delivered. */
  async #recover(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      if (this.#closed) return
      const { messages } = decodeSpoolRecords(await readFile(path))
      const segment: Segment = { path, handle: undefined, size: 0, generation: 0, outstanding: 0, sealed: false }
      let chunk: Outgoing[] = []
      let chunkBytes = 0
      const flush = (): void => {
        if (chunk.length > 0) this.#deliver(segment, chunk, chunkBytes)
        chunk = []
        chunkBytes = 0
      }
      for (const m of messages) {
        if (chunkBytes + m.value.length > RECOVER_CHUNK_BYTES) flush()
        chunk.push(m)
        chunkBytes += m.value.length
      }
      flush()
      this.#seal(segment)
      // One segment in memory at a time: wait until this one is delivered.
      while (segment.outstanding > 0 && !this.#closed) await Promise.race([...this.#deliveries])
    }
  }

  /** Segments on disk (for tests). */
  async segmentsOnDisk(): Promise<number> {
    return (await readdir(this.#dir)).filter((name) => SEGMENT.test(name)).length
  }

  /**
   * Stops taking appends, waits up to `drainMs` for what is spooled to reach
   * Kafka, and leaves the rest on disk for the next run.
   */
  async close(drainMs = 10_000): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    const deadline = Date.now() + drainMs
    await this.#writing
    while (this.#deliveries.size > 0 && Date.now() < deadline)
      await Promise.race([sleep(Math.max(1, deadline - Date.now()), undefined, { ref: false }), ...this.#deliveries])
    this.#closed = true
    this.#stopRetries.abort()
    // A produce still waiting on Kafka is not waited for long: its messages stay on disk either way.
    await Promise.race([
      Promise.allSettled([...this.#deliveries, this.#recovering]),
      sleep(1000, undefined, { ref: false }),
    ])
    const current = this.#current
    if (current) this.#seal(current)
    await Promise.allSettled([...this.#removing])
  }
}
