// SQL expressions over an otel_traces row that name the semantic conventions
// the rollups key on (docs/architecture.md: endpoint = service + method + http.route).
// Current OpenTelemetry names first, the older ones as fallback, so spans from
// older SDKs land in the same endpoint.

const attr = (key: string): string => `SpanAttributes['${key}']`
const firstOf = (...keys: string[]): string =>
  keys
    .slice(0, -1)
    .reduceRight((rest, key) => `if(${attr(key)} != '', ${attr(key)}, ${rest})`, attr(keys[keys.length - 1] ?? ''))

export const method = firstOf('http.request.method', 'http.method')

/** The route template; non-HTTP server spans (RPC, consumers) fall back to the span name. */
export const route = `if(${attr('http.route')} != '', ${attr('http.route')}, if(${method} = '', SpanName, ''))`

export const statusCode = `toUInt16OrZero(${firstOf('http.response.status_code', 'http.status_code')})`

/**
 * The principal a request acts for, as OpenTelemetry names it: `user.id`
 * (current), `enduser.id` (deprecated, still what many SDKs and services
 * send), then `user.name` — on a failed login the name that was attempted,
 * which is what credential stuffing rotates. Order is the precedence.
 */
export const PRINCIPAL_KEYS = ['user.id', 'enduser.id', 'user.name'] as const
export const userId = firstOf(...PRINCIPAL_KEYS)

/**
 * The principal expressions migration 1 was released with (`enduser.id`
 * only; no forwarded-for). Released migrations never change, so its views
 * keep these; migration 3 replaces them with the ones above.
 */
export const RELEASED_V1 = {
  userId: attr('enduser.id'),
  clientAddress: firstOf('client.address', 'net.sock.peer.addr', 'net.peer.ip'),
} as const

/** The first address of an X-Forwarded-For header recorded as a span attribute (the original client). */
const forwardedFor = `trim(BOTH ' ' FROM splitByChar(',', ${attr('http.request.header.x-forwarded-for')})[1])`

/**
 * The caller's address: `client.address` (which HTTP server conventions set
 * from forwarding headers when a proxy is trusted), else a recorded
 * X-Forwarded-For header, else the older peer attributes.
 */
export const clientAddress = `if(${attr('client.address')} != '', ${attr('client.address')}, if(${forwardedFor} != '', ${forwardedFor}, ${firstOf('http.client_ip', 'net.sock.peer.addr', 'net.peer.ip')}))`

/** The request path without its query string. */
const urlPath = `if(${attr('url.path')} != '', ${attr('url.path')}, splitByChar('?', ${attr('http.target')})[1])`

/**
 * The object id a request touched: the path segments at the positions where the
 * route has a parameter (`/orders/:id` or `/orders/{id}`), joined by '/'.
 * The path is padded or cut to the route's length so a path that does not fit
 * its route yields '' rather than failing the insert.
 */
export const objectId = `arrayStringConcat(arrayFilter(
    (segment, template) -> segment != '' AND (startsWith(template, ':') OR startsWith(template, '{')),
    arrayResize(splitByChar('/', ${urlPath}), length(splitByChar('/', ${route})), ''),
    splitByChar('/', ${route})), '/')`

export const isError = `(StatusCode = 'Error' OR ${statusCode} >= 500)`

export const isFailure = `(StatusCode = 'Error' OR ${statusCode} >= 400)`

export const peerService = attr('peer.service')

export const serverAddress = firstOf('server.address', 'net.peer.name')
