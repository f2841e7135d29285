// The ingest loop for one fetched batch: cut it into units (insert-units.ts),
// record each unit's extent before inserting it, decode, dead-letter what can
// never be stored, insert with a deterministic deduplication token, and
// commit the offset only once the rows are in ClickHouse. A crash anywhere
// replays the same unit with the same token: no loss, no duplicates.
//
// The next unit is decoded while the current one inserts (the engine works on
// its own threads; decoding yields between messages so the insert can start):
// decoding has no side effects, so the order of intents, dead letters,
// inserts and commits is the same as one unit at a time. Across batches too:
// a batch's last unit is still stored and committed after the batch is handed
// back (released), so the client fetches the next batch and its first unit
// decodes meanwhile; the next batch waits for that commit before it records
// or stores anything. If the released unit fails, its partition is fetched
// again from the unit (its intent is committed), and until a batch starts
// where the group's committed offset says, nothing of that partition is
// stored or committed.
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises'
import { type EncodedBatch, InsertError, MAX_BATCH_ROWS, type Store } from '@tracehound/store'
import { decodeIntent, encodeIntent, planUnits, unitToken, type Intent, type Unit } from './insert-units.ts'
import type { ResolvedIngestOptions } from './ingest-options.ts'
import type { IngestMetrics } from './ingest-metrics.ts'
import type { DeadLetter, SourceBatch, SourceMessage } from './kafka-source.ts'
import { encodeMessage, joinBodies, type MessageBody, type SignalKind } from './message-decoder.ts'
import { backoffMs } from './retry-backoff.ts'

export type IngestLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

interface PartitionState {
  /** The offset we last committed, and the intent recorded with it. */
  offset: bigint
  intent: Intent | undefined
}

export interface IngestSink {
  sendDeadLetters(letters: readonly DeadLetter[]): Promise<void>
}

/** A message that decoded: its rows within the retention, already encoded for the insert. */
interface DecodedMessage {
  readonly message: SourceMessage
  readonly rows: number
  readonly body: MessageBody
}

/** Whole messages inserted together (at most MAX_BATCH_ROWS rows), with their bodies joined. */
interface Chunk {
  readonly items: readonly DecodedMessage[]
  readonly batch: EncodedBatch
}

/**
 * A unit's messages, decoded and encoded (all of it can happen while the
 * previous unit inserts): chunks to insert, dead letters for messages that
 * never will decode.
 */
interface DecodedUnit {
  chunks: Chunk[]
  letters: DeadLetter[]
  messages: number
  rejected: number
}

/** Decoding yields to the event loop after this long, so an insert waiting on I/O can start meanwhile. */
const DECODE_SLICE_MS = 5

export class IngestRunner {
  readonly #store: Store
  readonly #sink: IngestSink
  readonly #options: ResolvedIngestOptions
  readonly #metrics: IngestMetrics
  readonly #log: IngestLog
  readonly #partitions = new Map<string, PartitionState>()
  /** The last unit of the last batch, still being stored and committed after its batch was released. Never rejects. */
  #pending: Promise<void> | undefined
  /** Partitions whose released unit failed: their next batch is checked against the group's committed offset. */
  readonly #unsure = new Set<string>()
  /** Where an unsure partition was last sent back to, so a topic that lost those messages cannot loop. */
  readonly #rewoundTo = new Map<string, bigint>()
  #stopping = false

  constructor(store: Store, sink: IngestSink, options: ResolvedIngestOptions, metrics: IngestMetrics, log: IngestLog) {
    this.#store = store
    this.#sink = sink
    this.#options = options
    this.#metrics = metrics
    this.#log = log
  }

  #kind(topic: string): SignalKind {
    return topic === this.#options.logsTopic ? 'logs' : 'spans'
  }

  /** The intent that applies to a batch starting at `first`: ours if we committed there, else the group's. */
  async #intentFor(batch: SourceBatch, first: bigint): Promise<Intent | undefined> {
    const key = `${batch.topic}/${batch.partition}`
    const local = this.#partitions.get(key)
    if (local && local.offset === first) return local.intent
    const committed = await batch.committed()
    const intent = committed.offset === first ? decodeIntent(committed.metadata) : undefined
    if (intent)
      this.#log('info', 'replaying an insert unit recorded before a restart or rebalance', {
        partition: key,
        first: String(intent.first),
        last: String(intent.last),
      })
    return intent
  }

  /** Stops releasing batches early and waits for the unit still being stored (call before leaving the group). */
  async drain(): Promise<void> {
    this.#stopping = true
    while (this.#pending) {
      const pending = this.#pending
      await pending
      if (this.#pending === pending) this.#pending = undefined
    }
  }

  /** The units of `batch`, given the intent that applies to its first offset. */
  #plan(batch: SourceBatch, intent: Intent | undefined): ReturnType<typeof planUnits> {
    return planUnits(
      batch.messages.map((m) => m.offset),
      this.#options.maxUnitMessages,
      intent,
      batch.messages.map((m) => m.value?.length ?? 0),
      this.#options.maxUnitBytes,
    )
  }

  #decode(batch: SourceBatch, unit: Unit | undefined): Promise<DecodedUnit> | undefined {
    if (!unit) return undefined
    const decoding = this.#decodeUnit(batch, batch.messages.slice(unit.start, unit.end))
    decoding.catch(() => undefined) // awaited later; if the batch ends first, its failure must not go unhandled
    return decoding
  }

  /**
   * Decodes the first unit of a batch before the previous batch's unit is
   * committed, guessing its extent from what is known now; handleBatch uses it
   * only if the guess holds.
   */
  #decodeAhead(batch: SourceBatch, key: string): { unit: Unit; decoding: Promise<DecodedUnit> } | undefined {
    const first = batch.messages[0]?.offset
    const local = this.#partitions.get(key)
    if (first === undefined || this.#unsure.has(key) || (local && local.offset > first)) return undefined
    const unit = this.#plan(batch, local?.offset === first ? local.intent : undefined).units[0]
    return unit && { unit, decoding: this.#decode(batch, unit)! }
  }

  async handleBatch(source: SourceBatch): Promise<void> {
    const key = `${source.topic}/${source.partition}`
    const previous = this.#pending
    const ahead = previous ? this.#decodeAhead(source, key) : undefined
    if (previous) {
      this.#pending = undefined
      await previous
    }
    if (this.#unsure.has(key) && !(await this.#resync(source, key))) return
    // Messages before our own last commit are stored already (a client may deliver them again).
    const committedByUs = this.#partitions.get(key)?.offset ?? -1n
    const batch =
      committedByUs > (source.messages[0]?.offset ?? committedByUs)
        ? { ...source, messages: source.messages.filter((m) => m.offset >= committedByUs) }
        : source
    const first = batch.messages[0]?.offset
    if (first === undefined) return
    const intent = await this.#intentFor(batch, first)
    const { units, waitForMore } = this.#plan(batch, intent)
    if (waitForMore) {
      // Fewer messages than the recorded unit: fetch again rather than insert a different unit.
      await sleep(100)
      return
    }
    const firstUnit = units[0]
    if (firstUnit && !firstUnit.replayed) await this.#commit(batch, key, firstUnit.first, firstUnit)
    let decoding =
      ahead && batch === source && ahead.unit.first === firstUnit?.first && ahead.unit.last === firstUnit.last
        ? ahead.decoding
        : this.#decode(batch, firstUnit)
    for (const [index, unit] of units.entries()) {
      if (!batch.isActive()) return
      const started = process.hrtime.bigint()
      const decoded = await decoding!
      const next = units[index + 1]
      const storing = this.#storeUnit(batch, unit, decoded)
      // The next unit decodes while this one inserts (bad messages become dead letters, not errors).
      decoding = this.#decode(batch, next)
      const finishing = this.#finishUnit(batch, key, unit, next, storing, started)
      if (!next && !this.#stopping) {
        // Hand the batch back: the client fetches the next one while this unit is stored and committed.
        batch.release(unit.last + 1n)
        this.#pending = finishing.catch((err: unknown) => this.#rewind(batch, key, unit, err))
        return
      }
      await finishing
    }
  }

  async #finishUnit(
    batch: SourceBatch,
    key: string,
    unit: Unit,
    next: Unit | undefined,
    storing: Promise<void>,
    started: bigint,
  ): Promise<void> {
    await storing
    await this.#commit(batch, key, unit.last + 1n, next)
    this.#metrics.observeUnit(Number(process.hrtime.bigint() - started) / 1e9)
    this.#metrics.setLag(batch.topic, batch.partition, batch.highWatermark - (unit.last + 1n))
    await batch.heartbeat()
  }

  /** A released unit failed: fetch its partition again from the unit, whose intent is committed. */
  #rewind(batch: SourceBatch, key: string, unit: Unit, err: unknown): void {
    // Judged before the rewind, which itself turns the batch stale.
    const unexpected = batch.isActive() && !this.#stopping
    this.#partitions.delete(key)
    this.#unsure.add(key)
    this.#metrics.unitRewinds++
    try {
      batch.rewind(unit.first)
    } catch {
      // The consumer is gone (stopping): the next owner starts from the committed offset anyway.
    }
    this.#log(unexpected ? 'error' : 'info', 'storing a unit failed; its partition is fetched again from it', {
      partition: key,
      first: String(unit.first),
      last: String(unit.last),
      error: (err as Error).message,
    })
  }

  /**
   * After a rewind, the group's committed offset is where this partition
   * continues: a batch fetched past it before the rewind took effect is
   * dropped (fetched again); otherwise local state restarts from the group's.
   */
  async #resync(batch: SourceBatch, key: string): Promise<boolean> {
    const first = batch.messages[0]?.offset
    if (first === undefined || !batch.isActive()) return false // stale: fetched before the rewind
    const committed = await batch.committed()
    if (committed.offset >= 0n && first > committed.offset) {
      if (this.#rewoundTo.get(key) !== committed.offset) {
        this.#rewoundTo.set(key, committed.offset)
        batch.rewind(committed.offset)
        return false
      }
      // Fetched from the committed offset and still past it: the topic no longer holds those messages.
      this.#log('error', 'messages after the last commit were deleted from the topic before they were stored', {
        partition: key,
        committed: String(committed.offset),
        first_available: String(first),
      })
    }
    this.#partitions.set(key, { offset: committed.offset, intent: decodeIntent(committed.metadata) })
    this.#unsure.delete(key)
    this.#rewoundTo.delete(key)
    return true
  }

  async #commit(batch: SourceBatch, key: string, offset: bigint, nextIntent: Unit | undefined): Promise<void> {
    const intent = nextIntent ? { first: nextIntent.first, last: nextIntent.last } : undefined
    await batch.commit(offset, intent ? encodeIntent(intent) : '')
    this.#partitions.set(key, { offset: intent?.first ?? offset, intent })
  }

  /**
   * Decodes a unit's messages and encodes their rows for the insert, yielding
   * to the event loop every few milliseconds. Records older than the store
   * keeps would be deleted at once: they are left out here and counted (and
   * logged) when the unit is stored.
   */
  async #decodeUnit(batch: SourceBatch, messages: readonly SourceMessage[]): Promise<DecodedUnit> {
    const kind = this.#kind(batch.topic)
    const cutoff = this.#options.oldestKept?.()
    const decoded: DecodedMessage[] = []
    const letters: DeadLetter[] = []
    let rejected = 0
    let slice = performance.now()
    for (const message of messages) {
      const result = encodeMessage(
        kind,
        message.value,
        this.#options.decodeLimits,
        this.#options.principalAliases,
        cutoff,
      )
      if (result.ok) {
        rejected += result.rejected
        decoded.push({ message, rows: result.rows, body: result.body })
      } else letters.push(this.#deadLetter(batch, message, result.error))
      if (performance.now() - slice > DECODE_SLICE_MS) {
        await yieldToLoop()
        slice = performance.now()
      }
    }
    // Whole messages per insert, at most MAX_BATCH_ROWS rows each: the same unit always yields the same chunks,
    // hence the same tokens.
    const groups: DecodedMessage[][] = [[]]
    let rowsInGroup = 0
    for (const item of decoded) {
      if (rowsInGroup > 0 && rowsInGroup + item.rows > MAX_BATCH_ROWS) {
        groups.push([])
        rowsInGroup = 0
      }
      groups[groups.length - 1]!.push(item)
      rowsInGroup += item.rows
    }
    const chunks = groups.map((items) => ({
      items,
      batch: joinBodies(
        items.map((item) => item.body),
        items.reduce((n, item) => n + item.rows, 0),
      ),
    }))
    return { chunks, letters, messages: messages.length, rejected }
  }

  async #storeUnit(batch: SourceBatch, unit: Unit, unitDecoded: DecodedUnit): Promise<void> {
    const table = this.#kind(batch.topic) === 'spans' ? 'otel_traces' : 'otel_logs'
    const { chunks, letters, messages, rejected } = unitDecoded
    // Counted here, not while decoding: a unit decoded ahead and then dropped (the partition moved) counts nothing.
    this.#metrics.countMessages(batch.topic, messages)
    if (rejected > 0) {
      this.#metrics.countOutsideRetention(batch.topic, rejected)
      this.#log('warn', 'records older than the store keeps were not stored', {
        topic: batch.topic,
        rejected,
        oldest_kept: this.#options.oldestKept?.(),
      })
    }
    // Dead letters first: once the offset is committed, the message is gone from our view.
    await this.#retrying(batch, 'dead-letter produce', () => this.#sink.sendDeadLetters(letters))
    if (letters.length) {
      this.#metrics.countDeadLetters(batch.topic, letters.length)
      this.#log('warn', 'messages sent to the dead-letter topic', {
        topic: `${batch.topic}.dlq`,
        count: letters.length,
        first_error: letters[0]?.headers['tracehound.error'],
      })
    }
    for (const [index, chunk] of chunks.entries()) {
      if (chunk.batch.rows === 0) continue
      const token = unitToken(batch.topic, batch.partition, unit, index)
      try {
        await this.#retrying(batch, `insert into ${table}`, () =>
          this.#store.insertEncoded(table, chunk.batch, { dedupToken: token }),
        )
        this.#metrics.countRows(table, chunk.batch.rows)
      } catch (err) {
        if (!(err instanceof InsertError) || err.retriable) throw err
        // The engine refused data the decoder accepted: find the messages responsible.
        await this.#isolateRejected(batch, token, chunk.items, table, err)
      }
    }
  }

  /** Inserts message by message (deterministic tokens) and dead-letters the ones ClickHouse refuses. */
  async #isolateRejected(
    batch: SourceBatch,
    chunkToken: string,
    chunk: readonly DecodedMessage[],
    table: string,
    cause: InsertError,
  ): Promise<void> {
    this.#log('warn', 'ClickHouse refused an insert; inserting message by message to isolate the bad ones', {
      partition: `${batch.topic}/${batch.partition}`,
      error: cause.message,
    })
    for (const { message, rows, body } of chunk) {
      if (rows === 0) continue
      try {
        await this.#retrying(batch, `insert into ${table}`, () =>
          this.#store.insertEncoded(table, joinBodies([body], rows), {
            dedupToken: `${chunkToken}/m${message.offset}`,
          }),
        )
        this.#metrics.countRows(table, rows)
      } catch (err) {
        if (!(err instanceof InsertError) || err.retriable) throw err
        await this.#retrying(batch, 'dead-letter produce', () =>
          this.#sink.sendDeadLetters([this.#deadLetter(batch, message, err.message)]),
        )
        this.#metrics.countDeadLetters(batch.topic, 1)
      }
    }
  }

  #deadLetter(batch: SourceBatch, message: SourceMessage, error: string): DeadLetter {
    return {
      topic: `${batch.topic}.dlq`,
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        'tracehound.error': error.slice(0, 1000),
        'tracehound.source.topic': batch.topic,
        'tracehound.source.partition': String(batch.partition),
        'tracehound.source.offset': message.offset.toString(),
      },
    }
  }

  /** Retries retriable failures with backoff; the partition is paused meanwhile and the group kept alive. */
  async #retrying<T>(batch: SourceBatch, what: string, work: () => Promise<T>): Promise<T> {
    let resume: (() => void) | undefined
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await work()
        } catch (err) {
          const retriable =
            err instanceof InsertError ? err.retriable : !(err instanceof TypeError || err instanceof RangeError)
          if (!retriable || !batch.isActive() || this.#stopping) throw err
          resume ??= batch.pause()
          this.#metrics.insertRetries++
          const wait = backoffMs(attempt, this.#options.retryInitialMs, this.#options.retryMaxMs)
          if (attempt === 0 || attempt % 10 === 0) {
            this.#log('warn', `${what} failed; retrying with the same token`, {
              partition: `${batch.topic}/${batch.partition}`,
              attempt: attempt + 1,
              wait_ms: wait,
              error: (err as Error).message,
            })
          }
          await sleep(wait)
          await batch.heartbeat().catch(() => undefined)
        }
      }
    } finally {
      resume?.()
    }
  }
}
