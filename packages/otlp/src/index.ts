/**
 * OTLP traces and logs (protobuf and JSON) decoded into the rows the ClickHouse schema stores.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
