// Options of the ingest stage, with their defaults. Validated once at start.
// There is no encoding option: each message is decoded as what it is
// (otlp_json starts with `{`, otlp_proto never does), so topics written by the
// Collector with either encoding, or by both, work without configuration.
import type { DecodeLimits, PrincipalAliases } from '@tracehound/otlp'

export interface IngestOptions {
  /** Bootstrap servers. */
  brokers: string[]
  /** Consumer group. @default 'tracehound-ingest' */
  groupId?: string
  /** Span topic, as the Collector's kafka exporter writes it. @default 'otlp_spans' */
  spansTopic?: string
  /** Log topic. @default 'otlp_logs' */
  logsTopic?: string
  /** Most Kafka messages in one insert unit (one INSERT, unless its rows pass 1M). @default 1000 */
  maxUnitMessages?: number
  /**
   * Most bytes of messages in one insert unit (a unit holds one message at
   * least); with the default fetch, a unit is at most one fetch. When a
   * fetch holds several units (many small messages: `maxUnitMessages`), the
   * next unit decodes while the current one inserts. Units of 8 MiB inside
   * 16 MiB fetches were slower than whole fetches (0.38× against 0.43–0.47×
   * the file limit, BENCHMARKS.md): fewer, larger inserts win. @default 32 MiB
   */
  maxUnitBytes?: number
  /**
   * Bytes fetched per partition per request; also bounds memory per
   * partition. A fetch is one batch, and a batch at most one insert unit's
   * worth: under lag fetches are full, so this is how large units grow when
   * ingest is behind (caught up, fetches are small and units too). 16 MiB
   * (~100k spans) against 4 MiB: 0.39× against 0.28× the engine's file limit
   * end to end over 1M spans; 32 MiB against 16, five alternating runs each:
   * 66k against 54k spans/s into the embedded store, 38k against 35k into
   * the server stand-in, for up to ~0.5 GiB more resident at the peak
   * (BENCHMARKS.md). `tracehound ingest --fetch-mib` sets both. @default 32 MiB
   */
  maxBytesPerPartition?: number
  /** First and longest wait between retries of a failed insert. @default 200 ms, 30 s */
  retryInitialMs?: number
  retryMaxMs?: number
  /** Limits applied to every decoded message. */
  decodeLimits?: DecodeLimits
  /** Keys read as the standard principal attributes (`detect.principals`). @default none */
  principalAliases?: PrincipalAliases
  /** The oldest record Timestamp the store keeps; older records are counted and logged, not stored. @default no check */
  oldestKept?: (() => string) | undefined
  /**
   * How long the group waits for a silent consumer before giving its
   * partitions to another (a crashed consumer's partitions resume after this).
   * @default 30_000
   */
  sessionTimeoutMs?: number
  /** Client id shown in broker logs. @default 'tracehound-ingest' */
  clientId?: string
}

export type ResolvedIngestOptions = Required<
  Omit<IngestOptions, 'decodeLimits' | 'principalAliases' | 'oldestKept'>
> & {
  oldestKept: (() => string) | undefined
  decodeLimits: DecodeLimits
  principalAliases: PrincipalAliases
}

export function resolveIngestOptions(options: IngestOptions): ResolvedIngestOptions {
  if (
    !Array.isArray(options.brokers) ||
    options.brokers.length === 0 ||
    options.brokers.some((b) => !/^[^\s:]+:\d+$/.test(b))
  ) {
    throw new TypeError(
      `kafka brokers ${JSON.stringify(options.brokers)}: expected host:port[,host:port…], e.g. localhost:9092`,
    )
  }
  const resolved: ResolvedIngestOptions = {
    brokers: options.brokers,
    groupId: options.groupId ?? 'tracehound-ingest',
    spansTopic: options.spansTopic ?? 'otlp_spans',
    logsTopic: options.logsTopic ?? 'otlp_logs',
    maxUnitMessages: options.maxUnitMessages ?? 1000,
    maxUnitBytes: options.maxUnitBytes ?? 32 * 1024 * 1024,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 32 * 1024 * 1024,
    retryInitialMs: options.retryInitialMs ?? 200,
    retryMaxMs: options.retryMaxMs ?? 30_000,
    decodeLimits: options.decodeLimits ?? {},
    principalAliases: options.principalAliases ?? {},
    oldestKept: options.oldestKept,
    clientId: options.clientId ?? 'tracehound-ingest',
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
  }
  for (const key of [
    'maxUnitMessages',
    'maxUnitBytes',
    'maxBytesPerPartition',
    'retryInitialMs',
    'retryMaxMs',
    'sessionTimeoutMs',
  ] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`ingest option ${key} = ${JSON.stringify(resolved[key])}: expected a whole number ≥ 1`)
  }
  return resolved
}
