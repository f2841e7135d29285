// One request through the topology as the spans an instrumented service tree
// emits: a SERVER span per service hop, and a CLIENT span in the caller for
// every call, with the attributes tracehound keys on (route, url.path,
// status, user.id or enduser.id, user.name on login attempts, client.address,
// correlation.id, peer address).
import type { Random } from './random.ts'
import { pathFor, type Call, type Topology } from './topology.ts'

export interface SimSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  service: string
  serviceVersion: string
  name: string
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: 1 | 2 | 3 | 4 | 5
  startNs: bigint
  durationNs: number
  attributes: Record<string, string>
  error: boolean
}

export interface RequestSpec {
  /** Epoch seconds (fractional) the request starts. */
  at: number
  endpoint: number
  objectId?: number
  status: number
  user: string
  client: string
  /** A login attempt's name (on `user.name`): failed logins authenticate no user. */
  attemptedName?: string
  /** Calls the entered service makes besides its usual ones (a compromised service). */
  injectedCalls?: Call[]
}

/** Per-service conditions a scenario sets for a while (deployments, misconfigurations, leaks). */
export interface ServiceConditions {
  version?: string
  latencyFactor?: number
  /** The service's instrumentation does not set correlation.id. */
  noCorrelation?: boolean
  /** An attribute the service wrongly records on its server spans. */
  leakedAttribute?: { key: string; value: string }
}

export type ConditionsAt = (service: string, at: number) => ServiceConditions | undefined

/** How the services name the principal: the current `user.id`, or the deprecated `enduser.id` many still send. */
export type PrincipalKey = 'user.id' | 'enduser.id'

export function buildTrace(
  topology: Topology,
  random: Random,
  spec: RequestSpec,
  conditions: ConditionsAt = () => undefined,
  principalKey: PrincipalKey = 'enduser.id',
): SimSpan[] {
  const spans: SimSpan[] = []
  const traceId = random.hex(32)
  const correlation = `c-${random.hex(16)}`
  const startNs = BigInt(Math.round(spec.at * 1e9))

  const visit = (
    index: number,
    parentSpanId: string,
    start: bigint,
    status: number,
    objectId: number | undefined,
    depth: number,
  ): number => {
    const endpoint = topology.endpoints[index]!
    const cond = conditions(endpoint.service, spec.at) ?? {}
    const spanId = random.hex(16)
    const attrs: Record<string, string> = {
      'http.request.method': endpoint.method,
      'http.route': endpoint.route,
      'url.path': endpoint.objectRoute && objectId !== undefined ? pathFor(endpoint.route, objectId) : endpoint.route,
      'http.response.status_code': String(status),
    }
    if (depth === 0) {
      attrs['client.address'] = spec.client
      if (spec.user) attrs[principalKey] = spec.user
      if (spec.attemptedName) attrs['user.name'] = spec.attemptedName
    }
    if (!cond.noCorrelation) attrs['correlation.id'] = correlation
    if (cond.leakedAttribute) attrs[cond.leakedAttribute.key] = cond.leakedAttribute.value
    const ownNs = Math.round(endpoint.latencyMs * (cond.latencyFactor ?? 1) * (0.5 + random.next()) * 1e6)
    let offset = Math.round(ownNs / 3)
    // A request refused for authorization returns before calling further.
    const calls =
      status >= 400 && status < 500
        ? []
        : depth === 0 && spec.injectedCalls
          ? [...endpoint.calls, ...spec.injectedCalls]
          : endpoint.calls
    for (const call of calls) {
      const callee = topology.endpoints[call.endpoint]!
      const clientId = random.hex(16)
      const clientStart = start + BigInt(offset)
      const childStatus = status >= 500 && call === calls[calls.length - 1] ? status : 200
      const childObject = callee.objectRoute ? (objectId ?? random.int(1, 100_000)) : undefined
      const childNs = visit(call.endpoint, clientId, clientStart + 200_000n, childStatus, childObject, depth + 1)
      const clientAttrs: Record<string, string> = {
        'http.request.method': callee.method,
        'server.address': `${call.service}`,
        'server.port': '8080',
        'http.response.status_code': String(childStatus),
      }
      if (!cond.noCorrelation) clientAttrs['correlation.id'] = correlation
      spans.push({
        traceId,
        spanId: clientId,
        parentSpanId: spanId,
        service: endpoint.service,
        serviceVersion: cond.version ?? '1.0.0',
        name: callee.method,
        kind: 3,
        startNs: clientStart,
        durationNs: childNs + 400_000,
        attributes: clientAttrs,
        error: childStatus >= 500,
      })
      offset += childNs + 400_000
    }
    const durationNs = offset + Math.round((ownNs * 2) / 3)
    spans.push({
      traceId,
      spanId,
      parentSpanId,
      service: endpoint.service,
      serviceVersion: cond.version ?? '1.0.0',
      name: `${endpoint.method} ${endpoint.route}`,
      kind: 2,
      startNs: start,
      durationNs,
      attributes: attrs,
      error: status >= 500,
    })
    return durationNs
  }
  visit(spec.endpoint, '', startNs, spec.status, spec.objectId, 0)
  return spans
}
