// The parts of a real system the shop's core traffic lacks, each a benign
// surprise the detector must not flag. Drawn per seed from their own random
// stream, so the core traffic and the attacks of a seed are the same with or
// without them:
//   - a recurring job: a service with no HTTP entry that starts its own traces
//     and walks one backend's objects in a burst, at the same time of every
//     period of the history and of the evaluation (a nightly export — which
//     looks like enumeration, and is not);
//   - a new endpoint deployed in the evaluation period and adopted gradually
//     by ordinary users (adoption, not a shadow endpoint);
//   - a login wave (a marketing mail): 30–60 % of the users log in within 20
//     minutes, once each, 6 % failing first;
//   - databases and a message queue: CLIENT spans from backends to their
//     database (db.system.name) and PRODUCER → CONSUMER spans to a worker;
//   - on some seeds the principal propagated to inner services, a few legacy
//     ones naming it on the other key (`enduser.id` where the rest say `user.id`).
import { loadFactor } from './load-curve.ts'
import { seededRandom } from './random.ts'
import { buildTrace, type ConditionsAt, type PrincipalKey, type RequestSpec, type SimSpan } from './trace-builder.ts'
import type { BenignSurprise } from './scenario.ts'
import type { Endpoint, Topology } from './topology.ts'
import { OBJECTS_PER_USER, type Audience } from './users.ts'

export interface WorldOptions {
  seed: number
  /** Epoch seconds: history start, evaluation start and end. */
  start: number
  evalFrom: number
  evalTo: number
  peakPerMinute: number
  principalKey: PrincipalKey
}

export interface WorldExtras {
  surprises: BenignSurprise[]
  /** The services the extras add (the job, the queue's worker). */
  services: string[]
  /** caller → callee pairs the extras use (databases and the broker by address): part of the policy. */
  edges: string[]
  /** The world's own requests and traces starting in this minute: job runs, adoption, login wave. */
  spansInMinute(minuteStart: number, conditions: ConditionsAt): SimSpan[]
  /** One trace's spans with databases, the queue and principal propagation added. */
  decorate(trace: SimSpan[]): SimSpan[]
}

const JOBS = ['report-worker', 'nightly-export', 'batch-runner', 'reconciler', 'etl-job', 'ledger-sync']
const WORKERS = ['notifier', 'indexer', 'mailer', 'analytics-sink', 'audit-writer']
const DATABASES = ['postgresql', 'mysql', 'mongodb', 'redis']
const NEW_ROUTES = ['preview', 'share', 'insights', 'timeline', 'badges', 'export']

const backendsOf = (t: Topology): string[] => t.services.filter((s) => s !== t.naming.entry && s !== t.naming.auth)

export function buildWorldExtras(topology: Topology, audience: Audience, options: WorldOptions): WorldExtras {
  const random = seededRandom(options.seed * 1_000_003 + 7)
  const backends = backendsOf(topology)
  const objectSpace = audience.users.length * OBJECTS_PER_USER
  const surprises: BenignSurprise[] = []
  const historyMinutes = Math.round((options.evalFrom - options.start) / 60)

  // The recurring job: every period (a third of the history, a day at most),
  // for 5–12 minutes, 60–240 calls a minute walking object ids in order.
  const jobService = random.pick(JOBS)
  const targets = topology.endpoints.filter((e) => backends.includes(e.service) && e.objectRoute && e.method === 'GET')
  const jobTarget =
    targets.length > 0 ? random.pick(targets) : topology.endpoints.find((e) => backends.includes(e.service))!
  const jobPeriod = Math.min(1440, Math.max(30, Math.floor(historyMinutes / 3)))
  const jobOffset = random.int(0, jobPeriod - 1)
  const jobMinutes = random.int(5, 12)
  const jobRate = random.int(60, 240)
  const jobAddress = `10.250.${random.int(0, 255)}.${random.int(1, 254)}`
  const jobAccount = random.next() < 0.5 ? `svc-${jobService}` : ''
  let jobCursor = random.int(0, objectSpace - 1)
  surprises.push({
    name: `${jobService} every ${jobPeriod} min for ${jobMinutes} min: ${jobRate} ${jobTarget.method} ${jobTarget.route}/min in object order`,
    start: options.start,
    end: options.evalTo,
  })

  // A new endpoint after a deploy, adopted over an hour by ordinary users.
  const adoptedService = random.pick(backends)
  const adoptedRoute = `/${adoptedService}/:id/${random.pick(NEW_ROUTES)}`
  const adoptAt = options.evalFrom + Math.floor(((options.evalTo - options.evalFrom) * 0.45) / 60) * 60
  const backendEndpoint: Endpoint = {
    service: adoptedService,
    method: 'GET',
    route: adoptedRoute,
    objectRoute: true,
    latencyMs: 12,
    calls: [],
  }
  const extended: Topology = { ...topology, endpoints: [...topology.endpoints, backendEndpoint] }
  const adoptedEntry = extended.endpoints.length
  extended.endpoints.push({
    service: topology.naming.entry,
    method: 'GET',
    route: `${topology.naming.apiPrefix}${adoptedRoute}`,
    objectRoute: true,
    latencyMs: 2,
    calls: [{ service: adoptedService, endpoint: adoptedEntry - 1 }],
  })
  surprises.push({
    name: `new ${topology.naming.entry} GET ${topology.naming.apiPrefix}${adoptedRoute} adopted over an hour`,
    start: adoptAt,
    end: options.evalTo,
  })

  // A login wave: a mail brings 30–60 % of the users back within 20 minutes
  // (most in the first few), each logging in once — a failed attempt is
  // followed by a successful one.
  const waveAt = options.evalFrom + Math.floor(((options.evalTo - options.evalFrom) * 0.2) / 60) * 60
  const waveShare = 0.3 + random.next() * 0.3
  const waveLogins = new Map<number, RequestSpec[]>()
  for (const user of audience.users) {
    if (random.next() >= waveShare) continue
    const at = waveAt + Math.min(1199, -360 * Math.log(Math.max(1e-9, random.next())))
    const minute = Math.floor(at / 60) * 60
    const logins = waveLogins.get(minute) ?? []
    if (random.next() < 0.06)
      logins.push({
        at,
        endpoint: topology.entryLogin,
        status: 401,
        user: '',
        attemptedName: user.id,
        client: user.client,
      })
    logins.push({ at: at + 8, endpoint: topology.entryLogin, status: 200, user: user.id, client: user.client })
    waveLogins.set(minute, logins)
  }
  const returning = [...waveLogins.values()].reduce((n, l) => n + l.filter((r) => r.status === 200).length, 0)
  surprises.push({ name: `login wave: ${returning} users back within 20 min`, start: waveAt, end: waveAt + 1200 })

  // Databases and a queue.
  const databases = new Map<string, { system: string; address: string }>()
  for (const service of backends)
    if (random.next() < 0.6) {
      const system = random.pick(DATABASES)
      databases.set(service, { system, address: `${service}-${system === 'redis' ? 'cache' : 'db'}` })
    }
  // A backend publishes an event for each write (each request, where it has no writes).
  const writers = backends.filter((s) => topology.endpoints.some((e) => e.service === s && e.method === 'POST'))
  const publisher = random.pick(writers.length > 0 ? writers : backends)
  const publishes = (span: SimSpan): boolean => writers.length === 0 || span.name.startsWith('POST')
  const worker = random.pick(WORKERS)
  const topic = `${publisher}.events`

  // Principal propagation to inner services, a few legacy ones on the other key.
  const propagate = random.next() < 0.5
  const otherKey: PrincipalKey = options.principalKey === 'user.id' ? 'enduser.id' : 'user.id'
  const legacy = new Set(backends.filter(() => random.next() < 0.2))
  surprises.push({
    name: `${databases.size} databases, ${publisher} → ${topic} → ${worker}${propagate ? `, principal propagated (${legacy.size} services on ${otherKey})` : ''}`,
    start: options.start,
    end: options.evalTo,
  })

  const jobRun = (minuteStart: number): SimSpan[] => {
    const spans: SimSpan[] = []
    const traceId = random.hex(32)
    const rootId = random.hex(16)
    const correlation = `c-${random.hex(16)}`
    const startNs = BigInt(minuteStart) * 1_000_000_000n
    const calls = random.poisson(jobRate)
    for (let i = 0; i < calls; i++) {
      const at = startNs + BigInt(Math.floor((i * 60e9) / Math.max(1, calls)))
      const objectId = 1000 + (jobCursor++ % objectSpace)
      const clientId = random.hex(16)
      const status = random.next() < 0.03 ? 404 : 200
      spans.push({
        traceId,
        spanId: clientId,
        parentSpanId: rootId,
        service: jobService,
        serviceVersion: '1.0.0',
        name: jobTarget.method,
        kind: 3,
        startNs: at,
        durationNs: 6_000_000,
        attributes: {
          'http.request.method': jobTarget.method,
          'server.address': jobTarget.service,
          'server.port': '8080',
          'http.response.status_code': String(status),
          'correlation.id': correlation,
        },
        error: false,
      })
      spans.push({
        traceId,
        spanId: random.hex(16),
        parentSpanId: clientId,
        service: jobTarget.service,
        serviceVersion: '1.0.0',
        name: `${jobTarget.method} ${jobTarget.route}`,
        kind: 2,
        startNs: at + 200_000n,
        durationNs: 5_000_000,
        attributes: {
          'http.request.method': jobTarget.method,
          'http.route': jobTarget.route,
          'url.path': jobTarget.route.replace(':id', String(objectId)),
          'http.response.status_code': String(status),
          'client.address': jobAddress,
          'correlation.id': correlation,
          ...(jobAccount ? { [options.principalKey]: jobAccount } : {}),
        },
        error: false,
      })
    }
    spans.push({
      traceId,
      spanId: rootId,
      parentSpanId: '',
      service: jobService,
      serviceVersion: '1.0.0',
      name: `${jobService} run`,
      kind: 1,
      startNs,
      durationNs: 59_000_000_000,
      attributes: { 'job.name': jobService, 'correlation.id': correlation },
      error: false,
    })
    return spans
  }

  const requestsInMinute = (minuteStart: number): RequestSpec[] => {
    const requests: RequestSpec[] = []
    if (minuteStart >= adoptAt) {
      const share = Math.min(1, (minuteStart - adoptAt) / 3600) * 0.03
      const count = random.poisson(options.peakPerMinute * loadFactor(minuteStart) * share)
      for (let i = 0; i < count; i++) {
        const user = audience.pick(random)
        requests.push({
          at: minuteStart + random.next() * 60,
          endpoint: adoptedEntry,
          objectId: user.firstObject + random.int(0, OBJECTS_PER_USER - 1),
          status: 200,
          user: user.id,
          client: user.client,
        })
      }
    }
    requests.push(...(waveLogins.get(minuteStart) ?? []))
    return requests
  }

  const decorate = (trace: SimSpan[]): SimSpan[] => {
    const extra: SimSpan[] = []
    const root = trace.find((s) => s.parentSpanId === '' && s.kind === 2)
    const user = root?.attributes[options.principalKey] ?? ''
    const attempted = root?.attributes['user.name'] ?? ''
    for (const span of trace) {
      if (span.kind !== 2) continue
      const correlation = span.attributes['correlation.id']
      const withCorrelation = correlation ? { 'correlation.id': correlation } : {}
      if (propagate && span !== root && span.parentSpanId !== '') {
        if (user) span.attributes[legacy.has(span.service) ? otherKey : options.principalKey] = user
        if (attempted && span.service === topology.naming.auth) span.attributes['user.name'] = attempted
      }
      const database = databases.get(span.service)
      if (database && !span.error) {
        const operation = span.name.startsWith('GET') ? 'SELECT' : 'UPDATE'
        extra.push({
          traceId: span.traceId,
          spanId: random.hex(16),
          parentSpanId: span.spanId,
          service: span.service,
          serviceVersion: span.serviceVersion,
          name: `${operation} ${span.service}`,
          kind: 3,
          startNs: span.startNs + 100_000n,
          durationNs: 800_000,
          attributes: {
            'db.system.name': database.system,
            'db.operation.name': operation,
            'server.address': database.address,
            'server.port': database.system === 'redis' ? '6379' : '5432',
            ...withCorrelation,
          },
          error: false,
        })
      }
      if (span.service === publisher && publishes(span) && !span.error) {
        const producerId = random.hex(16)
        const messaging = { 'messaging.system': 'kafka', 'messaging.destination.name': topic }
        extra.push(
          {
            traceId: span.traceId,
            spanId: producerId,
            parentSpanId: span.spanId,
            service: span.service,
            serviceVersion: span.serviceVersion,
            name: `${topic} publish`,
            kind: 4,
            startNs: span.startNs + 300_000n,
            durationNs: 500_000,
            attributes: {
              ...messaging,
              'messaging.operation.type': 'send',
              'server.address': 'kafka',
              ...withCorrelation,
            },
            error: false,
          },
          {
            traceId: span.traceId,
            spanId: random.hex(16),
            parentSpanId: producerId,
            service: worker,
            serviceVersion: '1.0.0',
            name: `${topic} process`,
            kind: 5,
            startNs: span.startNs + 20_000_000n,
            durationNs: 3_000_000,
            // The worker's instrumentation starts a correlation id when the message carries none.
            attributes: {
              ...messaging,
              'messaging.operation.type': 'process',
              'correlation.id': correlation ?? `c-${random.hex(16)}`,
            },
            error: false,
          },
        )
      }
    }
    return extra.length === 0 ? trace : [...trace, ...extra]
  }

  return {
    surprises,
    services: [jobService, worker],
    edges: [
      `${jobService} -> ${jobTarget.service}`,
      // The deploy declares the edge its new route needs (it may be a service the entry never called).
      `${topology.naming.entry} -> ${adoptedService}`,
      ...[...databases].map(([service, db]) => `${service} -> ${db.address}`),
      `${publisher} -> ${worker}`,
      `${publisher} -> kafka`,
    ],
    spansInMinute(minuteStart, conditions) {
      const spans: SimSpan[] = []
      const sinceOffset = Math.round((minuteStart - options.start) / 60) - jobOffset
      if (sinceOffset >= 0 && sinceOffset % jobPeriod < jobMinutes) spans.push(...jobRun(minuteStart))
      for (const request of requestsInMinute(minuteStart))
        spans.push(...decorate(buildTrace(extended, random, request, conditions, options.principalKey)))
      return spans
    },
    decorate,
  }
}
