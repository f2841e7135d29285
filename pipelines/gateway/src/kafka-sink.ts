// OtlpSink on a kafkajs idempotent producer, acks from all in-sync replicas.
// A traces request is split into one message per trace, keyed by trace id, so
// both halves of every edge reach the same partition (ingest pairs them); a
// logs request is one message. kafkajs marks errors that a retry cannot fix
// (MESSAGE_TOO_LARGE …) `retriable: false`, which the gateway answers with 400.
import { OtlpDecodeError, parseJsonBody, splitTracesJsonByTrace, splitTracesProtoByTrace } from '@tracehound/otlp'
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs'
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
}

export class KafkaSink implements OtlpSink {
  readonly #producer: Producer
  readonly #spansTopic: string
  readonly #logsTopic: string
  readonly #sendTimeoutMs: number
  #connected: Promise<void> | undefined
  #lastError: string | undefined

  constructor(brokers: string[], options: KafkaSinkOptions = {}) {
    const kafka = new Kafka({ clientId: options.clientId ?? 'tracehound-gateway', brokers, logLevel: logLevel.WARN })
    this.#producer = kafka.producer({
      idempotent: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 5,
    })
    this.#spansTopic = options.spansTopic ?? 'otlp_spans'
    this.#logsTopic = options.logsTopic ?? 'otlp_logs'
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 10_000
  }

  health(): { ok: boolean; detail: Record<string, unknown> } {
    return this.#lastError === undefined
      ? { ok: true, detail: { kafka: 'ok' } }
      : { ok: false, detail: { kafka: 'failing', last_error: this.#lastError } }
  }

  async accept(request: OtlpRequest): Promise<void> {
    let messages: { key: string | null; value: Buffer | string }[]
    try {
      messages =
        request.signal === 'logs'
          ? [{ key: null, value: request.body }]
          : request.format === 'protobuf'
            ? splitTracesProtoByTrace(request.body).map((t) => ({
                key: t.traceId || null,
                value: Buffer.from(t.message),
              }))
            : splitTracesJsonByTrace(parseJsonBody(request.body)).map((t) => ({
                key: t.traceId || null,
                value: t.message,
              }))
    } catch (err) {
      // The body decoded, so this is unexpected — but it is about this data, and a retry would fail the same way.
      if (err instanceof OtlpDecodeError)
        throw new PermanentSinkError(`cannot split the request per trace: ${err.message}`)
      throw err
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
    const sending = this.#send(request, messages)
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

  async #send(request: OtlpRequest, messages: { key: string | null; value: Buffer | string }[]): Promise<void> {
    this.#connected ??= this.#producer.connect().catch((err: unknown) => {
      this.#connected = undefined // connect again on the next request
      throw err
    })
    await this.#connected
    await this.#producer.send({
      topic: request.signal === 'logs' ? this.#logsTopic : this.#spansTopic,
      acks: -1,
      messages,
    })
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect()
  }
}
