// TEST UTILITY — a real OTLP/HTTP receiver on 127.0.0.1 that decodes what the
// services export (protobuf or JSON, gzip) into otel_traces and otel_logs rows.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import {
  decodeLogsJson,
  decodeLogsProto,
  decodeTracesJson,
  decodeTracesProto,
  type LogRow,
  type SpanRow,
} from '@tracehound/otlp'

export async function startOtlpReceiver(): Promise<{
  url: string
  spans: SpanRow[]
  logs: LogRow[]
  close(): Promise<void>
}> {
  const spans: SpanRow[] = []
  const logs: LogRow[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body = Buffer.concat(chunks)
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body)
    if (req.url === '/v1/traces') {
      const json = String(req.headers['content-type']).includes('json')
      spans.push(...(json ? decodeTracesJson(body) : decodeTracesProto(body)))
    } else if (req.url === '/v1/logs') {
      const json = String(req.headers['content-type']).includes('json')
      logs.push(...(json ? decodeLogsJson(body) : decodeLogsProto(body)))
    }
    res.writeHead(200, { 'content-type': String(req.headers['content-type'] ?? 'application/x-protobuf') }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    logs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
