/** Retention and pairing knobs the DDL carries. Every option has a documented default. */
export interface SchemaOptions {
  /** Days spans and logs are kept (otel_traces, otel_logs). @default 30 */
  retentionDays?: number
  /** Days the per-minute rollups are kept (baselines need history). @default 90 */
  rollupRetentionDays?: number
  /** Days findings and alert deliveries are kept. @default 365 */
  findingsRetentionDays?: number
  /** How long a span waits in span_links for its parent or child to arrive. @default 60 */
  pairingHorizonMinutes?: number
}

export const SCHEMA_DEFAULTS: Required<SchemaOptions> = {
  retentionDays: 30,
  rollupRetentionDays: 90,
  findingsRetentionDays: 365,
  pairingHorizonMinutes: 60,
}

/** Fills defaults and rejects values that would make absurd or invalid TTLs. */
export function resolveSchemaOptions(options: SchemaOptions = {}): Required<SchemaOptions> {
  const resolved = { ...SCHEMA_DEFAULTS, ...stripUndefined(options) }
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1 || value > 36_500) {
      throw new RangeError(`schema option ${key} = ${JSON.stringify(value)}: expected a whole number from 1 to 36500`)
    }
  }
  return resolved
}

function stripUndefined(options: SchemaOptions): SchemaOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SchemaOptions
}
