/**
 * Stage: Kafka consumer group writing spans and logs to ClickHouse.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
