// One HTTP delivery and what its answer means: 2xx done; 429 retry after
// Retry-After; 5xx and network errors retry with backoff; any other 4xx is
// final (the request is wrong; retrying cannot help) and its body is kept; a
// URL that cannot be parsed is final too (it will not parse next time).

export interface DeliveryRequest {
  url: string
  headers: Record<string, string>
  body: string
}

export type DeliveryResult =
  | { ok: true; status: number /** The answer's body (≤ 500 characters), for a receipt. */; text?: string }
  | { ok: false; retry: boolean; retryAfterMs?: number; error: string }

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

/** `classify` lets a receiver read failure inside a 2xx answer (Slack's Web API). */
export async function deliver(
  request: DeliveryRequest,
  classify?: (status: number, text: string) => DeliveryResult | undefined,
  timeoutMs = 10_000,
): Promise<DeliveryResult> {
  let response: Response
  if (!URL.canParse(request.url))
    return {
      ok: false,
      retry: false,
      error: "the receiver's URL is not a valid URL: check its webhook_url / url setting",
    }
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    return { ok: false, retry: true, error: `network: ${(err as Error).message}` }
  }
  const text = (await response.text().catch(() => '')).slice(0, 500)
  if (response.status === 429) {
    const after = retryAfterMs(response.headers.get('retry-after'))
    return { ok: false, retry: true, ...(after !== undefined ? { retryAfterMs: after } : {}), error: `429 ${text}` }
  }
  if (response.status >= 500) return { ok: false, retry: true, error: `${response.status} ${text}` }
  if (response.status >= 400) return { ok: false, retry: false, error: `${response.status} ${text}` }
  return classify?.(response.status, text) ?? { ok: true, status: response.status, text }
}
