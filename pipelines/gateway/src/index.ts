/**
 * Stage: OTLP/HTTP receiver producing to Kafka.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
