// The gateway places each trace where Kafka's default partitioner would put a
// message keyed by its trace id: our 32-bit murmur2 must agree with kafkajs's
// own partitioner for every key and partition count.
import { randomBytes } from 'node:crypto'
import { Partitioners } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { partitionFor } from '../src/index.ts'
import { partitionOfHexKey } from '../src/murmur2.ts'

const kafkajs = Partitioners.DefaultPartitioner()
const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }))

describe('partition of a keyed message', () => {
  it('is the partition kafkajs’s default partitioner gives: trace ids, other lengths, non-ASCII keys', () => {
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'trace-ü-😀',
      'x'.repeat(300),
      ...Array.from({ length: 2000 }, () => randomBytes(16).toString('hex')),
      ...Array.from({ length: 500 }, (_, i) => randomBytes(1 + (i % 23)).toString('base64')),
    ]
    let differing = 0
    for (const count of [1, 2, 3, 7, 12, 64]) {
      const partitionMetadata = metadata(count)
      for (const key of keys)
        if (partitionFor(key, count) !== kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } }))
          differing++
    }
    expect(differing).toBe(0)
  })

  it('from an id’s raw bytes is the partition of its lowercase hex, wherever the id sits in its buffer', () => {
    let differing = 0
    for (const length of [0, 1, 8, 16, 20, 200]) {
      for (let n = 0; n < 200; n++) {
        const at = n % 5
        const buffer = randomBytes(at + length + 3)
        const hex = buffer.subarray(at, at + length).toString('hex')
        for (const count of [1, 3, 12, 64])
          if (partitionOfHexKey(buffer, at, length, count) !== partitionFor(hex, count)) differing++
      }
    }
    expect(differing).toBe(0)
  })
})
