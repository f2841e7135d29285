// `tracehound dashboards --publish URL`: creates or updates every dashboard
// through Grafana's HTTP API (POST /api/dashboards/db, overwrite by uid) with
// a service-account token. grafana-dash-gen's own publish() authenticates
// with a session cookie and logs to the console, so it is not used.
import { generateDashboards } from './all-dashboards.ts'

export interface PublishOptions {
  /** Grafana base URL, e.g. http://127.0.0.1:3000 */
  url: string
  /** Service-account token (Editor on the folder). */
  token: string
  /** Folder uid to put the dashboards in; the General folder when unset. */
  folderUid?: string
  /** Called after each dashboard, for progress. */
  onPublished?: (title: string, url: string) => void
  fetchImpl?: typeof fetch
}

export class PublishError extends Error {
  override name = 'PublishError'
}

export async function publishDashboards(options: PublishOptions): Promise<{ title: string; url: string }[]> {
  let base: URL
  try {
    base = new URL(options.url)
  } catch {
    throw new PublishError(
      `--publish ${JSON.stringify(options.url)}: expected Grafana's base URL, e.g. http://127.0.0.1:3000`,
    )
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new PublishError(`--publish ${options.url}: expected an http(s):// URL`)
  const endpoint = new URL('api/dashboards/db', base.href.endsWith('/') ? base.href : `${base.href}/`)
  const doFetch = options.fetchImpl ?? fetch
  const published: { title: string; url: string }[] = []
  for (const { dashboard } of generateDashboards()) {
    let response: Response
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          dashboard: { ...dashboard, id: null },
          overwrite: true,
          message: 'tracehound dashboards --publish',
          ...(options.folderUid ? { folderUid: options.folderUid } : {}),
        }),
        signal: AbortSignal.timeout(15_000),
      })
    } catch (err) {
      throw new PublishError(`publishing "${dashboard.title}" to ${endpoint.href} failed: ${(err as Error).message}`, {
        cause: err,
      })
    }
    const text = await response.text()
    if (!response.ok) {
      const hint =
        response.status === 401 || response.status === 403
          ? ' (check GRAFANA_TOKEN: a service-account token with Editor rights)'
          : ''
      throw new PublishError(
        `publishing "${dashboard.title}": Grafana answered ${response.status}${hint}: ${text.slice(0, 300)}`,
      )
    }
    let answer: { url?: string } = {}
    try {
      answer = JSON.parse(text) as { url?: string }
    } catch {
      // An answer without JSON still means success; the link is then unknown.
    }
    const link = answer.url ? new URL(answer.url, base).href : ''
    published.push({ title: dashboard.title, url: link })
    options.onPublished?.(dashboard.title, link)
  }
  return published
}
