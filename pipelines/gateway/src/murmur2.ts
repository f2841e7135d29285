// Kafka's default partitioner hash (murmur2, as the Java client and kafkajs
// compute it) in 32-bit integer arithmetic. kafkajs's own emulates 64-bit
// Longs object by object; only the low 32 bits ever reach its result, so
// Math.imul gives the same value (tested against it) at a fraction of the
// cost: hashing every trace id of a request was an eighth of the gateway's
// CPU (BENCHMARKS.md).

const SEED = 0x9747b28c
const M = 0x5bd1e995

/** murmur2 of the key's UTF-8 bytes, as a signed 32-bit integer (what kafkajs's murmur2 returns). */
export function murmur2(key: string): number {
  const data = asciiBytes(key) ?? Buffer.from(key)
  return murmur2Of(data, data.length)
}

/** murmur2 of `data`'s first `length` bytes. */
function murmur2Of(data: Uint8Array, length: number): number {
  let h = SEED ^ length
  const blocks = length & ~3
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)
    k = Math.imul(k, M)
    k ^= k >>> 24
    k = Math.imul(k, M)
    h = Math.imul(h, M) ^ k
  }
  // The last one to three bytes, as the reference's falling-through switch takes them.
  const tail = length & 3
  if (tail === 3) h ^= data[blocks + 2]! << 16
  if (tail >= 2) h ^= data[blocks + 1]! << 8
  if (tail >= 1) {
    h ^= data[blocks]!
    h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

const scratch = new Uint8Array(256)

/** The key's bytes when it is short ASCII (trace ids are), in a reused buffer; undefined otherwise. */
function asciiBytes(key: string): Uint8Array | undefined {
  if (key.length > scratch.length) return undefined
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c >= 0x80) return undefined
    scratch[i] = c
  }
  return scratch.subarray(0, key.length)
}

/** The partition Kafka's default partitioner gives a keyed message among `count` partitions. */
export const partitionOfKey = (key: string, count: number): number => (murmur2(key) & 0x7fffffff) % count

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/**
 * partitionOfKey of the lowercase hex of `bytes[at, at + length)` (a trace
 * id, keyed as its hex string), without making the string: the gateway asks
 * this for every span of a request.
 */
export function partitionOfHexKey(bytes: Uint8Array, at: number, length: number, count: number): number {
  const data = length * 2 <= scratch.length ? scratch : new Uint8Array(length * 2)
  for (let i = 0; i < length; i++) {
    const byte = bytes[at + i]!
    data[2 * i] = HEX_DIGITS[byte >> 4]!
    data[2 * i + 1] = HEX_DIGITS[byte & 15]!
  }
  return (murmur2Of(data, length * 2) & 0x7fffffff) % count
}
