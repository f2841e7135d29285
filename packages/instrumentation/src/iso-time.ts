// The current time as an ISO 8601 string (`2026-11-24T06:00:00.123Z`), as
// Date#toISOString writes it but about 8× cheaper: the part up to the second
// is formatted once per second and the milliseconds appended. Every log line
// needs one, and toISOString alone measured ~470 ns — more than the rest of
// the line's context fields together.

let second = Number.NaN
let prefix = ''

export function isoNow(now: number = Date.now()): string {
  const s = Math.floor(now / 1000)
  if (s !== second) {
    second = s
    prefix = new Date(s * 1000).toISOString().slice(0, 20)
  }
  const ms = now - s * 1000
  return `${prefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms}Z`
}
