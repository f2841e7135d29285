/**
 * @tracehound/gateway — OTLP/HTTP → Kafka, for teams without an OpenTelemetry
 * Collector: validated, each trace whole on its trace id's partition, acknowledged only
 * after Kafka acknowledged.
 */
export { startGateway, type GatewayExtensions, type GatewayHandle, type GatewayLog } from './otlp-http-gateway.ts'
export { resolveGatewayOptions, type GatewayOptions } from './gateway-options.ts'
export { DEFAULT_MAX_MESSAGE_BYTES, KafkaSink, partitionFor, type KafkaSinkOptions } from './kafka-sink.ts'
export { PermanentSinkError, type OtlpRequest, type OtlpSink } from './otlp-sink.ts'
export { InFlightBudget } from './in-flight-budget.ts'
export { bearerMatches } from './bearer-token.ts'
export { rawBytesMethod } from './otlp-grpc-receiver.ts'
export { ProduceSpool, SpoolFullError, type ProduceSpoolOptions } from './produce-spool.ts'
