// OtlpSink on a kafkajs idempotent producer, acks from all in-sync replicas.
// The topics hold one encoding, otlp_proto (what the Collector's kafka
// exporter writes and its kafka receiver reads by default): a JSON request is
// re-encoded. Every trace goes to the partition its trace id hashes to (the
// default partitioner's murmur2, as if keyed by trace id), so both halves of
// every edge reach the same partition (ingest pairs them): a traces request
// becomes one message per partition it touches, holding whole traces and
// keyed by its first trace id — not one message per trace, whose per-record
// cost in kafkajs was a fifth of the gateway's CPU (BENCHMARKS.md). Until the
// producer has seen a topic's partitions (its first request), messages are
// one per trace, keyed by trace id, which lands each trace on the same
// partition. Every message — traces, or a part of a logs request — is kept
// under the broker's message limit by splitting it further. kafkajs marks
// errors that a retry cannot fix (MESSAGE_TOO_LARGE …) `retriable: false`,
// which the gateway answers with 400. Requests arriving while a produce is in
// flight are produced together in the next one (produce-rounds.ts).
import {
  encodeLogsJsonAsProto,
  encodeTracesJsonAsProto,
  ItemTooLargeError,
  OtlpDecodeError,
  parseJsonBody,
  splitProtoBySize,
  splitTracesProtoByGroup,
  splitTracesProtoByTrace,
} from '@tracehound/otlp'
// Before kafkajs: it installs the native record-batch checksum (see the module).
import './kafkajs-native-crc32c.ts'
// kafkajs's encoders grow without zero-filling (see the module).
import './kafkajs-encoder-growth.ts'
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs'
import { asPipelineErrorWhenRetriesRanOut } from './kafka-error-kind.ts'
import { partitionOfHexKey, partitionOfKey } from './murmur2.ts'
import { type Outgoing, ProduceRounds, recordBytes } from './produce-rounds.ts'
import { ProduceSpool, type SpoolLog } from './produce-spool.ts'
import { type OtlpRequest, type OtlpSink, PermanentSinkError } from './otlp-sink.ts'

export interface KafkaSinkOptions {
  /** @default 'otlp_spans' */
  spansTopic?: string
  /** @default 'otlp_logs' */
  logsTopic?: string
  /** Client id shown in broker logs. @default 'tracehound-gateway' */
  clientId?: string
  /**
   * How long a request waits for Kafka's acknowledgement before the client is
   * told to retry (503): a broker that stops answering must not hold clients
   * for minutes (their own export timeout is 10 s by default). @default 10_000
   */
  sendTimeoutMs?: number
  /**
   * The largest message produced: Kafka's default `max.message.bytes` is
   * 1,048,588 for a record batch, so 1,000,000 leaves room for the batch and
   * record headers. Raise it with the topic's limit. @default 1_000_000
   */
  maxMessageBytes?: number
  /**
   * A directory for a local spool: requests are acknowledged once fsynced
   * there and reach Kafka in the background (produce-spool.ts). @default none:
   * acknowledged once Kafka acknowledged
   */
  spoolDir?: string | undefined
  /** Spooled bytes not yet in Kafka before requests get 503 + Retry-After. @default 256 MiB */
  maxSpoolBytes?: number
  log?: SpoolLog
}

/** Kafka's default topic limit minus room for the record batch's own headers. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000

/** Messages in order, in groups whose records fit in one message's budget. */
export function sendGroups<M extends Outgoing>(messages: readonly M[], maxBytes: number): M[][] {
  const groups: M[][] = []
  let group: M[] = []
  let bytes = 0
  for (const m of messages) {
    const size = recordBytes(m)
    if (group.length && bytes + size > maxBytes) {
      groups.push(group)
      group = []
      bytes = 0
    }
    group.push(m)
    bytes += size
  }
  if (group.length) groups.push(group)
  return groups
}

/** The partition the default partitioner gives a key among `count` partitions. */
export const partitionFor = partitionOfKey

export class KafkaSink implements OtlpSink {
  /** Produces the body's bytes, re-cut per partition: rows are never needed. */
  readonly forwardsBytes = true
  readonly #producer: Producer
  /** Partitions per topic, as the producer last saw them (its partitioner is told on every send). */
  readonly #partitionCounts = new Map<string, number>()
  readonly #spansTopic: string
  readonly #logsTopic: string
  readonly #sendTimeoutMs: number
  readonly #maxMessageBytes: number
  #connected: Promise<void> | undefined
  /** Requests that arrive while a produce is in flight go together in the next one (produce-rounds.ts). */
  readonly #rounds: ProduceRounds
  #lastError: string | undefined
  readonly #spool: ProduceSpool | undefined
  #spoolOpen: Promise<void> | undefined

  constructor(brokers: string[], options: KafkaSinkOptions = {}) {
    const kafka = new Kafka({ clientId: options.clientId ?? 'tracehound-gateway', brokers, logLevel: logLevel.WARN })
    const counts = this.#partitionCounts
    this.#producer = kafka.producer({
      idempotent: true,
      // The default partitioner, noting how many partitions each topic has (kafkajs refreshes its metadata).
      createPartitioner: () => {
        const partition = Partitioners.DefaultPartitioner()
        return (args) => {
          counts.set(args.topic, args.partitionMetadata.length)
          return partition(args)
        }
      },
      maxInFlightRequests: 5,
    })
    this.#spansTopic = options.spansTopic ?? 'otlp_spans'
    this.#logsTopic = options.logsTopic ?? 'otlp_logs'
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 10_000
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
    if (!Number.isInteger(this.#maxMessageBytes) || this.#maxMessageBytes < 1024)
      throw new RangeError(`maxMessageBytes ${this.#maxMessageBytes}: expected a whole number of at least 1024`)
    this.#rounds = new ProduceRounds((messages) => this.#produceRound(messages), this.#maxMessageBytes)
    this.#spool =
      options.spoolDir === undefined
        ? undefined
        : new ProduceSpool({
            dir: options.spoolDir,
            produce: (messages) => this.#send(messages),
            ...(options.maxSpoolBytes === undefined ? {} : { maxPendingBytes: options.maxSpoolBytes }),
            ...(options.log ? { log: options.log } : {}),
          })
  }

  /** Opens the spool, if any, and starts delivering what an earlier run left in it. */
  open(): Promise<void> {
    this.#spoolOpen ??= this.#spool?.open() ?? Promise.resolve()
    return this.#spoolOpen
  }

  /** The spool's counters, when there is one (for /metrics and tests). */
  get spool(): ProduceSpool | undefined {
    return this.#spool
  }

  /** The request as otlp_proto messages under the size limit; traces on their trace id's partition. */
  #messages(request: OtlpRequest): Outgoing[] {
    const asProto = (encode: (json: Record<string, unknown>) => Uint8Array): Uint8Array =>
      request.format === 'protobuf' ? request.body : encode(parseJsonBody(request.body))
    if (request.signal === 'logs')
      return splitProtoBySize(asProto(encodeLogsJsonAsProto), this.#maxMessageBytes).map((part) => ({
        topic: this.#logsTopic,
        key: null,
        value: Buffer.from(part.buffer, part.byteOffset, part.byteLength),
      }))
    const proto = asProto(encodeTracesJsonAsProto)
    const partitions = this.#partitionCounts.get(this.#spansTopic)
    // Spans without a trace id have no partition of their own: keyless, as before.
    const traces =
      partitions === undefined
        ? splitTracesProtoByTrace(proto)
        : splitTracesProtoByGroup(proto, (id, at, length) =>
            length > 0 ? partitionOfHexKey(id, at, length, partitions) : -1,
          )
    return traces.flatMap((t) =>
      splitProtoBySize(t.message, this.#maxMessageBytes).map((part) => ({
        topic: this.#spansTopic,
        key: t.traceId || null,
        value: Buffer.from(part.buffer, part.byteOffset, part.byteLength),
        ...(t.group !== undefined && t.group >= 0 ? { partition: t.group } : {}),
      })),
    )
  }

  /** Prometheus text for the spool, when there is one. */
  metricsText(): string {
    const spool = this.#spool
    if (!spool) return ''
    return [
      '# HELP tracehound_gateway_spool_pending_bytes Bytes spooled and acknowledged, not yet in Kafka.',
      '# TYPE tracehound_gateway_spool_pending_bytes gauge',
      `tracehound_gateway_spool_pending_bytes ${spool.pendingBytes}`,
      '# HELP tracehound_gateway_spool_delivered_total Spooled messages Kafka acknowledged.',
      '# TYPE tracehound_gateway_spool_delivered_total counter',
      `tracehound_gateway_spool_delivered_total ${spool.delivered}`,
      '# HELP tracehound_gateway_spool_rejected_total Spooled messages Kafka refused for good (kept in rejected/).',
      '# TYPE tracehound_gateway_spool_rejected_total counter',
      `tracehound_gateway_spool_rejected_total ${spool.rejected}`,
      '',
    ].join('\n')
  }

  health(): { ok: boolean; detail: Record<string, unknown> } {
    const spool = this.#spool
    if (spool)
      return {
        // Taking requests while Kafka is away is what the spool is for; full, it cannot.
        ok: spool.pendingBytes < (spool.maxPendingBytes * 9) / 10,
        detail: {
          kafka: spool.lastError === undefined ? 'ok' : 'failing',
          ...(spool.lastError === undefined ? {} : { last_error: spool.lastError }),
          spool_pending_bytes: spool.pendingBytes,
        },
      }
    return this.#lastError === undefined
      ? { ok: true, detail: { kafka: 'ok' } }
      : { ok: false, detail: { kafka: 'failing', last_error: this.#lastError } }
  }

  async accept(request: OtlpRequest): Promise<void> {
    let messages: Outgoing[]
    try {
      messages = this.#messages(request)
    } catch (err) {
      // About this data: a retry would fail the same way.
      if (err instanceof ItemTooLargeError)
        throw new PermanentSinkError(`${err.message} (raise the topic's max.message.bytes and the gateway's limit)`)
      // The body decoded, so this is unexpected — but it is about this data too.
      if (err instanceof OtlpDecodeError)
        throw new PermanentSinkError(`cannot split the request per trace: ${err.message}`)
      throw err
    }
    if (this.#spool) {
      await this.open()
      return this.#spool.append(messages)
    }
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Object.assign(new Error(`Kafka did not acknowledge within ${this.#sendTimeoutMs} ms`), { retriable: true }),
          ),
        this.#sendTimeoutMs,
      )
      timer.unref()
    })
    const sending = this.#send(messages)
    // If the deadline wins, the send may still fail later: that must not become an unhandled rejection.
    sending.catch(() => undefined)
    try {
      await Promise.race([sending, deadline])
      this.#lastError = undefined
    } catch (err) {
      // A refusal of this data (retriable: false) says nothing about the broker's health.
      if ((err as { retriable?: unknown }).retriable !== false) this.#lastError = (err as Error).message
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  async #send(messages: readonly Outgoing[]): Promise<void> {
    this.#connected ??= this.#producer.connect().catch((err: unknown) => {
      this.#connected = undefined // connect again on the next request
      throw asPipelineErrorWhenRetriesRanOut(err)
    })
    await this.#connected
    await this.#rounds.produce(messages)
  }

  /**
   * One round of requests' messages. The broker's limit applies to a record batch, and one send puts all of a
   * partition's messages in one batch: send in groups no larger than one message may be, one after another
   * (order kept).
   */
  async #produceRound(messages: readonly Outgoing[]): Promise<void> {
    try {
      await this.#sendGroups(messages)
    } catch (error) {
      throw asPipelineErrorWhenRetriesRanOut(error)
    }
  }

  async #sendGroups(messages: readonly Outgoing[]): Promise<void> {
    for (const group of sendGroups(messages, this.#maxMessageBytes)) {
      const byTopic = new Map<string, Outgoing[]>()
      for (const m of group) {
        const list = byTopic.get(m.topic)
        if (list) list.push(m)
        else byTopic.set(m.topic, [m])
      }
      await this.#producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map(({ key, value, partition }) =>
            partition === undefined ? { key, value } : { key, value, partition },
          ),
        })),
      })
    }
  }

  /** Stops; with a spool, waits up to `drainMs` for it to reach Kafka and leaves the rest on disk. */
  async close(drainMs?: number): Promise<void> {
    if (this.#spoolOpen) await this.#spool?.close(drainMs)
    if (this.#connected) await this.#producer.disconnect()
  }
}
