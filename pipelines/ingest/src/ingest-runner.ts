// The ingest loop for one fetched batch: cut it into units (insert-units.ts),
// record each unit's extent before inserting it, decode, dead-letter what can
// never be stored, insert with a deterministic deduplication token, and
// commit the offset only once the rows are in ClickHouse. A crash anywhere
// replays the same unit with the same token: no loss, no duplicates.
//
// The next unit of the batch is decoded while the current one inserts (the
// engine works on its own threads; decoding yields between messages so the
// insert can start): decoding has no side effects, so the order of intents,
// dead letters, inserts and commits is the same as one unit at a time.
import { withinRetention } from '@tracehound/otlp'
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises'
import { InsertError, MAX_BATCH_ROWS, type Store } from '@tracehound/store'
import { decodeIntent, encodeIntent, planUnits, unitToken, type Intent, type Unit } from './insert-units.ts'
import type { ResolvedIngestOptions } from './ingest-options.ts'
import type { IngestMetrics } from './ingest-metrics.ts'
import type { DeadLetter, SourceBatch, SourceMessage } from './kafka-source.ts'
import { decodeMessage, type SignalKind } from './message-decoder.ts'
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

/** A unit's messages, decoded: rows per message that decoded, dead letters for those that never will. */
interface DecodedUnit {
  decoded: { message: SourceMessage; rows: readonly { Timestamp: string }[] }[]
  letters: DeadLetter[]
  messages: number
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

  async handleBatch(source: SourceBatch): Promise<void> {
    const key = `${source.topic}/${source.partition}`
    // Messages before our own last commit are stored already (a client may deliver them again).
    const committedByUs = this.#partitions.get(key)?.offset ?? -1n
    const batch =
      committedByUs > (source.messages[0]?.offset ?? committedByUs)
        ? { ...source, messages: source.messages.filter((m) => m.offset >= committedByUs) }
        : source
    const first = batch.messages[0]?.offset
    if (first === undefined) return
    const intent = await this.#intentFor(batch, first)
    const { units, waitForMore } = planUnits(
      batch.messages.map((m) => m.offset),
      this.#options.maxUnitMessages,
      intent,
      batch.messages.map((m) => m.value?.length ?? 0),
      this.#options.maxUnitBytes,
    )
    if (waitForMore) {
      // Fewer messages than the recorded unit: fetch again rather than insert a different unit.
      await sleep(100)
      return
    }
    const firstUnit = units[0]
    if (firstUnit && !firstUnit.replayed) await this.#commit(batch, key, firstUnit.first, firstUnit)
    const messagesOf = (unit: Unit): readonly SourceMessage[] => batch.messages.slice(unit.start, unit.end)
    const decode = (unit: Unit | undefined): Promise<DecodedUnit> | undefined => {
      if (!unit) return undefined
      const decoding = this.#decodeUnit(batch, messagesOf(unit))
      decoding.catch(() => undefined) // awaited below; if the batch ends first, its failure must not go unhandled
      return decoding
    }
    let decoding = decode(firstUnit)
    for (const [index, unit] of units.entries()) {
      if (!batch.isActive()) return
      const started = process.hrtime.bigint()
      const decoded = await decoding!
      const next = units[index + 1]
      const storing = this.#storeUnit(batch, unit, decoded)
      // The next unit decodes while this one inserts (bad messages become dead letters, not errors).
      decoding = decode(next)
      await storing
      await this.#commit(batch, key, unit.last + 1n, next)
      this.#metrics.observeUnit(Number(process.hrtime.bigint() - started) / 1e9)
      this.#metrics.setLag(batch.topic, batch.partition, batch.highWatermark - (unit.last + 1n))
      await batch.heartbeat()
    }
  }

  async #commit(batch: SourceBatch, key: string, offset: bigint, nextIntent: Unit | undefined): Promise<void> {
    const intent = nextIntent ? { first: nextIntent.first, last: nextIntent.last } : undefined
    await batch.commit(offset, intent ? encodeIntent(intent) : '')
    this.#partitions.set(key, { offset: intent?.first ?? offset, intent })
  }

  /** Records older than the store keeps would be deleted at once: counted and logged, never stored, never silent. */
  #withinRetention(topic: string, rows: readonly { Timestamp: string }[]): readonly object[] {
    const cutoff = this.#options.oldestKept?.()
    const { kept, rejected } = withinRetention(rows, cutoff)
    if (rejected > 0) {
      this.#metrics.countOutsideRetention(topic, rejected)
      this.#log('warn', 'records older than the store keeps were not stored', { topic, rejected, oldest_kept: cutoff })
    }
    return kept
  }

  /** Decodes a unit's messages, yielding to the event loop every few milliseconds. */
  async #decodeUnit(batch: SourceBatch, messages: readonly SourceMessage[]): Promise<DecodedUnit> {
    const kind = this.#kind(batch.topic)
    const decoded: DecodedUnit['decoded'] = []
    const letters: DeadLetter[] = []
    let slice = performance.now()
    for (const message of messages) {
      const result = decodeMessage(kind, message.value, this.#options.decodeLimits, this.#options.principalAliases)
      if (result.ok) decoded.push({ message, rows: result.rows })
      else letters.push(this.#deadLetter(batch, message, result.error))
      if (performance.now() - slice > DECODE_SLICE_MS) {
        await yieldToLoop()
        slice = performance.now()
      }
    }
    return { decoded, letters, messages: messages.length }
  }

  async #storeUnit(batch: SourceBatch, unit: Unit, unitDecoded: DecodedUnit): Promise<void> {
    const table = this.#kind(batch.topic) === 'spans' ? 'otel_traces' : 'otel_logs'
    const { letters, messages } = unitDecoded
    // Here, not while decoding: a unit decoded ahead and then dropped (the partition moved) counts nothing.
    const decoded = unitDecoded.decoded.map((d) => ({
      message: d.message,
      rows: this.#withinRetention(batch.topic, d.rows),
    }))
    this.#metrics.countMessages(batch.topic, messages)
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
    // Whole messages per insert, at most MAX_BATCH_ROWS rows each: the same
    // unit always yields the same chunks, hence the same tokens.
    const chunks: (typeof decoded)[] = [[]]
    let rowsInChunk = 0
    for (const item of decoded) {
      if (rowsInChunk > 0 && rowsInChunk + item.rows.length > MAX_BATCH_ROWS) {
        chunks.push([])
        rowsInChunk = 0
      }
      chunks[chunks.length - 1]!.push(item)
      rowsInChunk += item.rows.length
    }
    for (const [index, chunk] of chunks.entries()) {
      const rows = chunk.flatMap((item) => item.rows)
      if (rows.length === 0) continue
      const token = unitToken(batch.topic, batch.partition, unit, index)
      try {
        await this.#retrying(batch, `insert into ${table}`, () =>
          this.#store.insert(table, rows, { dedupToken: token }),
        )
        this.#metrics.countRows(table, rows.length)
      } catch (err) {
        if (!(err instanceof InsertError) || err.retriable) throw err
        // The engine refused data the decoder accepted: find the messages responsible.
        await this.#isolateRejected(batch, token, chunk, table, err)
      }
    }
  }

  /** Inserts message by message (deterministic tokens) and dead-letters the ones ClickHouse refuses. */
  async #isolateRejected(
    batch: SourceBatch,
    chunkToken: string,
    chunk: readonly { message: SourceMessage; rows: readonly object[] }[],
    table: string,
    cause: InsertError,
  ): Promise<void> {
    this.#log('warn', 'ClickHouse refused an insert; inserting message by message to isolate the bad ones', {
      partition: `${batch.topic}/${batch.partition}`,
      error: cause.message,
    })
    for (const { message, rows } of chunk) {
      try {
        await this.#retrying(batch, `insert into ${table}`, () =>
          this.#store.insert(table, rows, { dedupToken: `${chunkToken}/m${message.offset}` }),
        )
        this.#metrics.countRows(table, rows.length)
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
          if (!retriable || !batch.isActive()) throw err
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
