// Small formatting helpers shared by the views.

export const SEVERITIES = ['critical', 'high', 'medium', 'low']

/** '2026-11-25T10:03:00.000Z' → '2026-11-25 10:03:00 UTC' (the store's times are UTC). */
export function time(iso) {
  if (!iso) return '—'
  return `${String(iso)
    .replace('T', ' ')
    .replace(/\.\d+Z?$|Z$/, '')} UTC`
}

/** Nanoseconds → '12.3 ms'. */
export function duration(ns) {
  const ms = Number(ns) / 1e6
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 1) return `${ms.toFixed(1)} ms`
  return `${(ms * 1000).toFixed(0)} µs`
}

export function severityRank(severity) {
  const i = SEVERITIES.indexOf(severity)
  return i < 0 ? SEVERITIES.length : i
}

/** A finding kind for people: 'new_edge' → 'new edge'. */
export function kindLabel(kind) {
  return String(kind).replaceAll('_', ' ')
}

/** Evidence values: numbers to 4 significant digits (p-values stay readable), text as it is. */
export function number(value) {
  if (typeof value !== 'number') return String(value)
  if (Number.isInteger(value)) return String(value)
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(4)))
}
