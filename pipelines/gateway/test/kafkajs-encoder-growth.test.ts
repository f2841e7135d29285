// The gateway lets kafkajs's encoders grow without zero-filling
// (src/kafkajs-encoder-growth.ts). The bytes of a produce request must be the
// same as with kafkajs's own growth, whatever the reused memory held before;
// the broker then checks every produce in the gateway's real-broker tests.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { unzeroedGrowthInstalled } from '../src/kafkajs-encoder-growth.ts'
import '../src/kafka-sink.ts'

const require = createRequire(import.meta.url)

interface Encoder {
  buf: Buffer
  offset: number
  buffer: Buffer
}
const Encoder = require('kafkajs/src/protocol/encoder.js') as {
  nextPowerOfTwo(n: number): number
  prototype: { ensureAvailable(this: Encoder, length: number): void }
}
const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (args: unknown) => {
  encode(): Promise<Encoder>
}

/** kafkajs's own growth: a zero-filled buffer of the next power of two. */
function zeroFilledGrowth(this: Encoder, length: number): void {
  if (this.offset + length > this.buf.length) {
    const grown = Buffer.alloc(Encoder.nextPowerOfTwo(this.offset + length))
    this.buf.copy(grown, 0, 0, this.offset)
    this.buf = grown
  }
}

/** Messages carry their timestamp, so two encodings of them are the same bytes. */
async function encode(messages: { key: string | null; value: Buffer; timestamp: string }[]): Promise<Buffer> {
  const request = produceRequest({
    acks: -1,
    timeout: 30_000,
    topicData: [{ topic: 'otlp_spans', partitions: [{ partition: 1, firstSequence: 7, messages }] }],
  })
  return Buffer.from((await request.encode()).buffer)
}

describe('kafkajs encoder growth', () => {
  it('is installed once the Kafka sink is loaded, and encodes the same bytes as kafkajs’s zero-filled growth', async () => {
    expect(unzeroedGrowthInstalled()).toBe(true)
    const installed = Encoder.prototype.ensureAvailable
    for (const sizes of [[0], [1, 300], [5_000, 70_000], [65_537, 131_072, 17], [1_000_000]]) {
      const messages = sizes.map((n, i) => ({
        key: i % 2 ? null : `trace-${i}`,
        value: randomBytes(n),
        timestamp: '1795000000000',
      }))
      // Dirty memory for unzeroed buffers to reuse: anything not written over would show.
      for (let i = 0; i < 64; i++) Buffer.allocUnsafe(256 * 1024).fill(0xa5)
      const fast = await encode(messages)
      Encoder.prototype.ensureAvailable = zeroFilledGrowth
      try {
        const reference = await encode(messages)
        expect(fast.length).toBe(reference.length)
        expect(fast.equals(reference)).toBe(true)
      } finally {
        Encoder.prototype.ensureAvailable = installed
      }
    }
  })
})
