// Where simulated OTLP/JSON lines go: a file (`.gz` compressed) for
// `tracehound replay`, or an OTLP/HTTP endpoint (tracehound's gateway, `up`,
// an OpenTelemetry Collector) as ExportTraceServiceRequest JSON bodies.
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { createGzip } from 'node:zlib'
import { setTimeout as sleep } from 'node:timers/promises'

export interface LineSink {
  write(line: string): Promise<void>
  close(): Promise<void>
}

/** Opens the file on the first line (or at close), so a run that fails before producing anything leaves no file. */
export function fileLineSink(file: string): LineSink {
  let streams: { out: WriteStream; head: Writable } | undefined
  const open = (): { out: WriteStream; head: Writable } => {
    if (streams) return streams
    const out = createWriteStream(file)
    const gzip = file.endsWith('.gz') ? createGzip() : undefined
    gzip?.pipe(out)
    streams = { out, head: gzip ?? out }
    return streams
  }
  return {
    async write(line) {
      const { head } = open()
      if (!head.write(`${line}\n`)) await once(head, 'drain')
    },
    async close() {
      const { out, head } = open()
      head.end()
      await once(out, 'finish')
    },
  }
}

export interface OtlpHttpSinkOptions {
  /** Base URL; `/v1/traces` is appended. */
  endpoint: string
  headers?: Record<string, string>
  /** Requests in flight at once. @default 4 */
  concurrency?: number
  /** Attempts per request on 429/502/503/504 and network errors. @default 8 */
  attempts?: number
}

/** Retried statuses: the OTLP/HTTP spec's retryable ones. */
const RETRYABLE = new Set([429, 502, 503, 504])

export function otlpHttpSink(options: OtlpHttpSinkOptions): LineSink {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`
  const concurrency = options.concurrency ?? 4
  const attempts = options.attempts ?? 8
  const inFlight = new Set<Promise<void>>()
  let failure: Error | undefined

  const send = async (body: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined
      let detail: string
      let retryAfter: number | undefined
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...options.headers },
          body,
        })
        status = res.status
        detail = (await res.text()).slice(0, 300)
        if (res.ok) return
        retryAfter = Number(res.headers.get('retry-after')) || undefined
        if (!RETRYABLE.has(res.status))
          throw new Error(
            `POST ${url} answered ${res.status}: ${detail} — check the endpoint URL and its token (--header "Authorization: Bearer …")`,
          )
      } catch (err) {
        if (status !== undefined && !RETRYABLE.has(status)) throw err
        detail = (err as Error).message
      }
      if (attempt >= attempts)
        throw new Error(
          `POST ${url} failed ${attempts} times (last: ${status ?? 'no response'} ${detail}); is the receiver running?`,
        )
      await sleep(retryAfter !== undefined ? retryAfter * 1000 : Math.min(8000, 250 * 2 ** attempt))
    }
  }

  return {
    async write(line) {
      if (failure) throw failure
      while (inFlight.size >= concurrency) await Promise.race(inFlight)
      if (failure) throw failure
      const request: Promise<void> = send(line)
        .catch((err: Error) => {
          failure ??= err
        })
        .finally(() => inFlight.delete(request))
      inFlight.add(request)
    },
    async close() {
      await Promise.all(inFlight)
      if (failure) throw failure
    },
  }
}
