/** Alertmanager-style durations: `30s`, `5m`, `4h`, `1d`, combinations like `1h30m`. Returns milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim())
  if (!match || text.trim() === '') return undefined
  const [, d = '0', h = '0', m = '0', s = '0'] = match
  return ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000
}
