// The logger's lines as a program reads them: parsed NDJSON from a sink stream.
import { Writable } from 'node:stream'
import { context, trace, TraceFlags } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, runWithCorrelationId } from '../src/index.ts'

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

const manager = new AsyncLocalStorageContextManager()
beforeAll(() => {
  context.setGlobalContextManager(manager.enable())
})
afterAll(() => {
  context.disable()
})

describe('createLogger', () => {
  it('writes JSON lines with time, level, service, msg; child fields; redacts objects, text and errors', () => {
    const out = sink()
    const log = createLogger({ service: 'orders', destination: out.stream })
    const child = log.child({ component: 'checkout' })
    child.info(
      { user: { email: 'jane.doe@example.com', password: 'hunter2' }, items: 3 },
      'paid with card %s',
      '4111111111111111',
    )
    child.error(new Error('db failed: postgres://app:pw123456@db/orders'), 'query failed')
    const [first, second] = out.lines()
    expect(first).toMatchObject({
      level: 'info',
      service: 'orders',
      component: 'checkout',
      items: 3,
      msg: 'paid with card [REDACTED:card]',
      user: { email: 'j***@example.com', password: '[REDACTED:password]' },
    })
    expect(new Date(String(first?.['time'])).toString()).not.toBe('Invalid Date')
    expect(second).toMatchObject({ level: 'error', msg: 'query failed' })
    expect(JSON.stringify(second)).toContain('[REDACTED:url-password]')
    expect(JSON.stringify(second)).not.toContain('pw123456')
  })

  it('adds trace_id, span_id and correlation_id from the active context', () => {
    const out = sink()
    const log = createLogger({ service: 'orders', destination: out.stream })
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    }
    context.with(trace.setSpanContext(context.active(), spanContext), () => {
      runWithCorrelationId('corr-123', () => log.info('inside a request'))
    })
    log.info('outside')
    const [inside, outside] = out.lines()
    expect(inside).toMatchObject({
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
      correlation_id: 'corr-123',
    })
    expect(outside?.['trace_id']).toBeUndefined()
  })

  it('refuses a missing service with a message that says how to fix it', () => {
    expect(() => createLogger({ service: '' })).toThrow(/service` must be a non-empty string/)
  })
})
