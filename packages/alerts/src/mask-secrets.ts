// Error text that may carry a receiver's secrets — a webhook URL with its
// token in the path, `user:password@` in a URL, a routing key echoed back —
// is masked before it is logged or stored (alert_outbox.LastError is
// readable by the read-only Grafana user). Pure.

/** Credentials in URLs, and the token-bearing paths of Slack webhooks. */
const URL_PATTERNS: [RegExp, string][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, '$1***@'],
  [/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9/_-]+/gi, '$1***'],
]

/** A secret URL's path is secret too: servers echo the path, not the whole URL. */
const withPaths = (secrets: Iterable<string>): string[] =>
  [...secrets].flatMap((s) => {
    if (!URL.canParse(s)) return [s]
    const { pathname, search } = new URL(s)
    return [s, `${pathname}${search}`]
  })

export function maskSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of withPaths(secrets)
    .filter((s) => s.length >= 6)
    .sort((a, b) => b.length - a.length))
    out = out.split(secret).join('***')
  for (const [pattern, replacement] of URL_PATTERNS) out = out.replace(pattern, replacement)
  return out
}
