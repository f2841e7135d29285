// Reading the API with the bearer token. The token comes from the address
// (`#token=…` — a fragment never reaches the server or its logs), from this
// tab's sessionStorage, or from the form shown when the API answers 401. It
// is sent only to this origin.

const KEY = 'tracehound.token'

export class NeedsToken extends Error {}

/** Moves a token from the address into sessionStorage and out of the address bar. */
export function takeTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (!match) return
  sessionStorage.setItem(KEY, decodeURIComponent(match[1]))
  history.replaceState(null, '', `${location.pathname}#/incidents`)
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token)
}

/** GET a JSON path of the API; 401 → NeedsToken; other errors say what the API said. */
export async function getJson(path) {
  const token = sessionStorage.getItem(KEY)
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  if (response.status === 401) throw new NeedsToken('this console needs the API token')
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body.error ?? body.message ?? ''}`.trim())
  return body
}

/** /metrics (Prometheus text, no token) → { name: value } for the unlabelled series. */
export async function getMetrics() {
  const response = await fetch('/metrics')
  if (!response.ok) return {}
  const values = {}
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*) (\S+)$/i.exec(line)
    if (match) values[match[1]] = Number(match[2])
  }
  return values
}
