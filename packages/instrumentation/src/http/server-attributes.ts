// The attributes of a server span at its start, in the stable HTTP semantic
// conventions (the storage reads these first): method, path and query apart
// (the detector derives object ids from url.path vs http.route), scheme,
// server and client addresses, protocol version, user agent.
import type { IncomingMessage } from 'node:http'
import type { Attributes } from '@opentelemetry/api'

/** Writes them into `attributes` (a span's own map, to spare a copy per request). */
export function serverRequestAttributes(attributes: Attributes, req: IncomingMessage, scheme: 'http' | 'https'): void {
  const url = req.url ?? '/'
  const query = url.indexOf('?')
  attributes['http.request.method'] = req.method ?? '_OTHER'
  attributes['url.path'] = query === -1 ? url : url.slice(0, query)
  attributes['url.scheme'] = scheme
  attributes['network.protocol.version'] = req.httpVersion
  if (query !== -1) attributes['url.query'] = url.slice(query + 1)
  const peer = req.socket?.remoteAddress
  if (peer) attributes['network.peer.address'] = peer
  const client = forwardedFor(req.headers['x-forwarded-for']) ?? peer
  if (client) attributes['client.address'] = client
  const host = req.headers.host
  if (host) {
    const { address, port } = splitHost(host)
    attributes['server.address'] = address
    if (port !== undefined) attributes['server.port'] = port
  }
  const userAgent = req.headers['user-agent']
  if (userAgent) attributes['user_agent.original'] = userAgent
}

/** The original client of `X-Forwarded-For: client, proxy1, proxy2`. */
function forwardedFor(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const comma = value.indexOf(',')
  const first = (comma === -1 ? value : value.slice(0, comma)).trim()
  return first === '' ? undefined : first
}

/** `example.com:8080`, `[::1]:8080`, `example.com` → address and port. */
export function splitHost(host: string): { address: string; port: number | undefined } {
  const colon = host.lastIndexOf(':')
  const bracket = host.lastIndexOf(']')
  if (colon === -1 || colon < bracket)
    return { address: host.startsWith('[') ? host.slice(1, -1) : host, port: undefined }
  const port = Number(host.slice(colon + 1))
  const address = host.slice(0, colon)
  return {
    address: address.startsWith('[') ? address.slice(1, -1) : address,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
  }
}
