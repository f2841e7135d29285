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
}

export class KafkaSink implements OtlpSink {
  readonly #producer: Producer
  readonly #spansTopic: string
  readonly #logsTopic: string
  #connected: Promise<void> | undefined

  constructor(brokers: string[], options: KafkaSinkOptions = {}) {
    const kafka = new Kafka({ clientId: options.clientId ?? 'tracehound-gateway', brokers, logLevel: logLevel.WARN })
    this.#producer = kafka.producer({
      idempotent: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 5,
    })
    this.#spansTopic = options.spansTopic ?? 'otlp_spans'
    this.#logsTopic = options.logsTopic ?? 'otlp_logs'
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
    this.#connected ??= this.#producer.connect()
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
