// Options of the OTLP/HTTP gateway, with their defaults.
import type { PrincipalAliases } from '@tracehound/otlp'

export interface GatewayOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string
  /** OTLP/HTTP port. @default 4318 */
  port?: number
  /** OTLP/gRPC port (4317 by convention; 0 = any free port). @default none: no gRPC receiver */
  grpcPort?: number | undefined
  /** Largest request body as sent (compressed). @default 4 MiB */
  maxBodyBytes?: number
  /** Largest body after gzip decompression: a gzip bomb stops here. @default 32 MiB */
  maxDecompressedBytes?: number
  /** When set, requests need `Authorization: Bearer <token>`. */
  bearerToken?: string
  /** Bytes produced but not yet acknowledged by Kafka before requests get 503 + Retry-After. @default 64 MiB */
  maxInFlightBytes?: number
  /** Seconds a client is told to wait when the gateway is saturated. @default 2 */
  retryAfterSeconds?: number
  /** A request (headers and body) must arrive within this; a slow client is cut off. @default 30 s */
  requestTimeoutMs?: number
  /**
   * The oldest record Timestamp (ClickHouse text) the store keeps: older
   * records in the rows handed to the sink are not stored and the client is
   * told so (OTLP partial_success). For a rows sink (`up`); a Kafka consumer
   * applies its store's retention itself. @default none
   */
  oldestKept?: (() => string) | undefined
  /** Keys read as the standard principal attributes in the rows handed to a rows sink (`detect.principals`; Kafka consumers apply their own). @default none */
  principalAliases?: PrincipalAliases
}

export type ResolvedGatewayOptions = Required<
  Omit<GatewayOptions, 'bearerToken' | 'principalAliases' | 'grpcPort' | 'oldestKept'>
> & {
  grpcPort: number | undefined
  oldestKept: (() => string) | undefined
  bearerToken: string | undefined
  principalAliases: PrincipalAliases
}

export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  const resolved: ResolvedGatewayOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4318,
    grpcPort: options.grpcPort,
    oldestKept: options.oldestKept,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    maxDecompressedBytes: options.maxDecompressedBytes ?? 32 * 1024 * 1024,
    bearerToken: options.bearerToken,
    maxInFlightBytes: options.maxInFlightBytes ?? 64 * 1024 * 1024,
    retryAfterSeconds: options.retryAfterSeconds ?? 2,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    principalAliases: options.principalAliases ?? {},
  }
  if (
    resolved.grpcPort !== undefined &&
    (!Number.isInteger(resolved.grpcPort) || resolved.grpcPort < 0 || resolved.grpcPort > 65535)
  )
    throw new RangeError(`gateway gRPC port ${resolved.grpcPort}: expected 0–65535 (4317 is OTLP/gRPC's usual)`)
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    throw new RangeError(`gateway port ${resolved.port}: expected 0–65535`)
  for (const key of [
    'maxBodyBytes',
    'maxDecompressedBytes',
    'maxInFlightBytes',
    'retryAfterSeconds',
    'requestTimeoutMs',
  ] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`gateway option ${key} = ${resolved[key]}: expected a whole number ≥ 1`)
  }
  if (resolved.bearerToken !== undefined && resolved.bearerToken.length < 8)
    throw new RangeError('gateway bearer token: expected at least 8 characters')
  return resolved
}
