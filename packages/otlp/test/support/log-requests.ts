// Seeded random OTLP log requests the encoder tests share: every body kind,
// attributes, ids and flags present or not, a time or only an observed time.
import { encodeLogsJsonAsProto } from '../../src/index.ts'
import { hex, randomAttributes, randomText, randomValue } from './random-otlp.ts'

export function randomLogs(next: () => number): Uint8Array {
  const logRecords = Array.from({ length: 1 + Math.floor(next() * 6) }, () => ({
    ...(next() < 0.8 ? { timeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))) } : {}),
    observedTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(Math.floor(next() * 1e12))),
    severityNumber: Math.floor(next() * 25),
    ...(next() < 0.7 ? { severityText: randomText(next) } : {}),
    ...(next() < 0.9 ? { body: randomValue(next) } : {}),
    attributes: randomAttributes(next, 6),
    ...(next() < 0.5 ? { traceId: hex(next, 16), spanId: hex(next, 8), flags: Math.floor(next() * 512) } : {}),
  }))
  return encodeLogsJsonAsProto({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: randomText(next) } }] },
        schemaUrl: randomText(next),
        scopeLogs: [{ scope: { name: randomText(next), version: '1' }, schemaUrl: 'https://x', logRecords }],
      },
    ],
  })
}
