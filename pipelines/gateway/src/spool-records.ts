// The gateway spool's file format: Kafka messages framed one after another,
// each with its own checksum, so that reading a segment after a crash stops
// at the first record that was not written whole (its request was never
// acknowledged, so nothing acknowledged is lost).
//
// A segment is written from its start again once everything in it reached
// Kafka (no truncate or unlink on the request's path). Each record carries
// the segment's generation — how many times it was rewound — so that the
// older records still lying beyond the new ones are not read back as new.
//
//   u32 body length · u32 crc32(body) · body
//   body: u32 generation · u8 flags (1 key, 2 partition) · u16 topic length · topic
//         · [i32 partition] · [u16 key length · key] · value
import { crc32 } from 'node:zlib'
import type { Outgoing } from './produce-rounds.ts'

const HEAD = 8
const HAS_KEY = 1
const HAS_PARTITION = 2

/** Bytes `message` takes in a segment. */
export function spooledBytes(message: Outgoing): number {
  return (
    HEAD +
    4 +
    1 +
    2 +
    Buffer.byteLength(message.topic) +
    (message.partition === undefined ? 0 : 4) +
    (message.key === null ? 0 : 2 + Buffer.byteLength(message.key)) +
    message.value.length
  )
}

/** The messages as one buffer of records of `generation`. */
export function encodeSpoolRecords(messages: readonly Outgoing[], generation: number): Buffer {
  const out = Buffer.allocUnsafe(messages.reduce((n, m) => n + spooledBytes(m), 0))
  let at = 0
  for (const m of messages) {
    const start = at
    at += HEAD
    out.writeUInt32LE(generation >>> 0, at)
    at += 4
    out[at++] = (m.key === null ? 0 : HAS_KEY) | (m.partition === undefined ? 0 : HAS_PARTITION)
    const topicBytes = out.write(m.topic, at + 2)
    out.writeUInt16LE(topicBytes, at)
    at += 2 + topicBytes
    if (m.partition !== undefined) {
      out.writeInt32LE(m.partition, at)
      at += 4
    }
    if (m.key !== null) {
      const keyBytes = out.write(m.key, at + 2)
      out.writeUInt16LE(keyBytes, at)
      at += 2 + keyBytes
    }
    m.value.copy(out, at)
    at += m.value.length
    out.writeUInt32LE(at - start - HEAD, start)
    out.writeUInt32LE(crc32(out.subarray(start + HEAD, at)), start + 4)
  }
  return out
}

export interface SpoolRead {
  readonly messages: Outgoing[]
  /** The generation read (of the first whole record), or undefined for a segment with none. */
  readonly generation: number | undefined
  /** Bytes of whole records of that generation from the start; what follows is torn or older. */
  readonly bytes: number
}

/**
 * The whole records at the start of a segment that share the first one's
 * generation. Reading stops, without error, at a torn or damaged record or an
 * older generation: those were never acknowledged, or already in Kafka.
 */
export function decodeSpoolRecords(segment: Buffer): SpoolRead {
  const messages: Outgoing[] = []
  let generation: number | undefined
  let at = 0
  while (at + HEAD + 7 <= segment.length) {
    const length = segment.readUInt32LE(at)
    const end = at + HEAD + length
    if (length < 7 || end > segment.length) break
    const body = segment.subarray(at + HEAD, end)
    if (crc32(body) !== segment.readUInt32LE(at + 4)) break
    const recordGeneration = body.readUInt32LE(0)
    if (generation !== undefined && recordGeneration !== generation) break
    const message = readBody(body)
    if (!message) break
    generation = recordGeneration
    messages.push(message)
    at = end
  }
  return { messages, generation, bytes: at }
}

function readBody(body: Buffer): Outgoing | undefined {
  const flags = body[4]!
  const topicBytes = body.readUInt16LE(5)
  let at = 7
  if (at + topicBytes > body.length) return undefined
  const topic = body.toString('utf8', at, at + topicBytes)
  at += topicBytes
  let partition: number | undefined
  if (flags & HAS_PARTITION) {
    if (at + 4 > body.length) return undefined
    partition = body.readInt32LE(at)
    at += 4
  }
  let key: string | null = null
  if (flags & HAS_KEY) {
    if (at + 2 > body.length) return undefined
    const keyBytes = body.readUInt16LE(at)
    at += 2
    if (at + keyBytes > body.length) return undefined
    key = body.toString('utf8', at, at + keyBytes)
    at += keyBytes
  }
  // A copy: the segment's buffer is let go once its messages are handed on.
  const value = Buffer.from(body.subarray(at))
  return partition === undefined ? { topic, key, value } : { topic, key, value, partition }
}
