// Which Kafka errors are about the data and which about the pipeline.
// kafkajs marks an error `retriable: false` both when retrying cannot help
// (MESSAGE_TOO_LARGE, wrapped in KafkaJSNonRetriableError) and when its own
// retries ran out (KafkaJSNumberOfRetriesExceeded: the broker was down or
// kept answering "not leader" for the whole budget). Only the first is the
// data's fault; read as such, a broker outage told clients 400 — drop it —
// or moved spooled messages to rejected/.

/** The error, marked retriable when kafkajs only ran out of retries. */
export function asPipelineErrorWhenRetriesRanOut(error: unknown): unknown {
  if (error instanceof Error && error.name === 'KafkaJSNumberOfRetriesExceeded')
    return Object.assign(new Error(`Kafka unavailable: ${error.message}`, { cause: error }), { retriable: true })
  return error
}
