// ClickHouse DateTime64 text ('2026-11-25 07:20:00.123', UTC) to and from
// JavaScript time, in one place: a value written as milliseconds by one
// package and as an ISO string by another must mean the same instant.

/** Epoch milliseconds → ClickHouse DateTime64(3) text. */
export function toClickHouseTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}

/** ISO-8601 UTC ('…T…Z') → ClickHouse DateTime64 text. */
export function isoToClickHouseTime(iso: string): string {
  return toClickHouseTime(Date.parse(iso))
}

/** ClickHouse DateTime / DateTime64 text (UTC) → ISO-8601 ('…T…Z'). */
export function clickHouseTimeToIso(value: unknown): string {
  return `${String(value).replace(' ', 'T')}Z`
}

/** ClickHouse DateTime / DateTime64 text (UTC) → epoch milliseconds. */
export function clickHouseTimeToMs(value: unknown): number {
  return Date.parse(clickHouseTimeToIso(value))
}
