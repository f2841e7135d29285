// The gateway swaps kafkajs's record-batch checksum for a native CRC-32C
// (src/kafkajs-native-crc32c.ts). It must be in place once the Kafka sink is
// loaded, and give kafkajs's own values; the broker then checks it on every
// produce in the gateway's real-broker tests (a wrong checksum is refused
// there as CORRUPT_MESSAGE).
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { nativeCrc32cInstalled } from '../src/kafkajs-native-crc32c.ts'
import '../src/kafka-sink.ts'

const require = createRequire(import.meta.url)

describe('kafkajs record-batch checksum', () => {
  it('is the native one once the Kafka sink is loaded, and equals kafkajs’s JavaScript CRC-32C', () => {
    expect(nativeCrc32cInstalled()).toBe(true)
    const used = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number
    const javascript = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number
    let differing = 0
    for (const length of [0, 1, 7, 64, 1000, 65_537, 1_000_000]) {
      for (let n = 0; n < 5; n++) {
        const buffer = randomBytes(length)
        if (used(buffer) !== javascript(buffer)) differing++
      }
    }
    expect(differing).toBe(0)
    // The check value of CRC-32C.
    expect(used(Buffer.from('123456789'))).toBe(0xe3069283)
  })
})
