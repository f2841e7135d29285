import { InvalidArgumentError } from 'commander'

/**
 * A point in event time for --from/--to: ISO-8601 (`2026-11-23T10:00:00Z`),
 * epoch seconds, or relative to now (`-15m`, `-2h`, `-1d`, `now`). Returns epoch seconds.
 */
export function parseTime(flag: string, now: () => number = () => Date.now() / 1000): (value: string) => number {
  return (value) => {
    if (value === 'now') return Math.floor(now())
    const relative = /^-(\d+)([smhd])$/.exec(value)
    if (relative)
      return Math.floor(
        now() - Number(relative[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] as 's' | 'm' | 'h' | 'd'],
      )
    if (/^\d{9,11}$/.test(value)) return Number(value)
    const parsed = Date.parse(value)
    if (Number.isNaN(parsed)) {
      throw new InvalidArgumentError(
        `${flag} expects an ISO-8601 time (2026-11-23T10:00:00Z), epoch seconds, or a relative time like -15m / -2h / now; got ${JSON.stringify(value)}`,
      )
    }
    return Math.floor(parsed / 1000)
  }
}
