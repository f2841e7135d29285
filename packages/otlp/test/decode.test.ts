import { describe, expect, it } from 'vitest'
import { decodeLogsJson, decodeLogsProto, decodeTracesJson, decodeTracesProto } from '../src/index.ts'
import { logsJson, logsProto, recordLogs, recordSpans, traceJson, traceProto } from './support/sdk-payloads.ts'

const spans = await recordSpans()
const logs = await recordLogs()

describe('OTLP traces → otel_traces rows', () => {
  const proto = decodeTracesProto(traceProto(spans))
  const json = decodeTracesJson(traceJson(spans))

  it('protobuf and JSON decode to the same rows', () => {
    expect(proto).toHaveLength(3)
    expect(json).toEqual(proto)
  })

  it('writes what the Collector ClickHouse exporter writes', () => {
    const sdkServer = spans.find((s) => s.name === 'GET /orders/:id')!
    const server = proto.find((r) => r.SpanName === 'GET /orders/:id')!
    const client = proto.find((r) => r.SpanName === 'SELECT orders')!
    expect(server).toMatchObject({
      Timestamp: '2026-11-18 11:06:40.123456789',
      TraceId: sdkServer.spanContext().traceId,
      SpanId: sdkServer.spanContext().spanId,
      ParentSpanId: '',
      SpanKind: 'Server',
      ServiceName: 'orders',
      ScopeName: 'orders-http',
      ScopeVersion: '1.2.3',
      Duration: 876_543_211,
      StatusCode: 'Error',
      StatusMessage: 'order not found',
      'Events.Timestamp': ['2026-11-18 11:06:40.200000000'],
      'Events.Name': ['cache.miss'],
      'Events.Attributes': [{ 'cache.key': 'order:42', size: '7' }],
      'Links.TraceState': [''],
      'Links.Attributes': [{ 'link.reason': 'follows' }],
    })
    expect(server.SpanAttributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/orders/:id',
      'http.response.status_code': '404',
      'retry.allowed': 'true',
      ratio: '3.5',
      tiny: '0.0000001',
      tags: '["a","b"]',
      ports: '[80,443]',
      utf8: 'zażółć ✓',
    })
    expect(server.ResourceAttributes).toMatchObject({
      'service.name': 'orders',
      'service.version': '2.1.0',
      'deployment.environment': 'test',
    })
    expect(server['Links.TraceId'][0]).toMatch(/^[0-9a-f]{32}$/)
    expect(client).toMatchObject({
      SpanKind: 'Client',
      ParentSpanId: server.SpanId,
      TraceId: server.TraceId,
      Duration: 50_000_001,
      StatusCode: 'Unset',
    })
  })
})

describe('OTLP logs → otel_logs rows', () => {
  const proto = decodeLogsProto(logsProto(logs))

  it('protobuf and JSON decode to the same rows', () => {
    expect(decodeLogsJson(logsJson(logs))).toEqual(proto)
  })

  it('writes what the Collector ClickHouse exporter writes', () => {
    expect(proto[0]).toMatchObject({
      Timestamp: '2026-11-18 11:06:40.000000005',
      SeverityText: 'WARN',
      SeverityNumber: 13,
      ServiceName: 'orders',
      Body: 'order 42 not found',
      ScopeName: 'tracehound',
      ScopeVersion: '0.1.0',
      LogAttributes: { correlation_id: 'c-1', attempt: '2' },
    })
    // No explicit time: the observed time stands in, as in the exporter.
    expect(proto[1]?.Timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/)
    expect(proto[1]?.Body).toBe('{"structured":true,"n":1}')
  })
})
