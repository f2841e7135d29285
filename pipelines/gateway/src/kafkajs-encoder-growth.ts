// kafkajs encodes a produce request through nested encoders (record → record
// batch → partition → topic → request), and each one grows its buffer by
// doubling with Buffer.alloc, which fills every new buffer with zeros before
// the bytes are copied over it. For a 512-span request that is several
// zero-filled buffers of 128 KiB per produce: a 96 KiB produce request took
// 208–279 µs to encode with kafkajs's growth and 156–198 µs with this one
// (BENCHMARKS.md). An encoder only ever exposes the bytes it wrote
// (`buffer` is `buf.slice(0, offset)`, and every write first calls
// `ensureAvailable`), so the bytes past `offset` are never read and need no
// zeros: the new buffer comes from Buffer.allocUnsafe. Same sizes, same copy,
// same result; a prototype method, so it holds whenever this module loads.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface KafkajsEncoder {
  buf: Buffer
  offset: number
}
interface EncoderClass {
  nextPowerOfTwo(value: number): number
  prototype: KafkajsEncoder & { ensureAvailable(length: number): void }
}

function install(): boolean {
  let Encoder: EncoderClass
  try {
    Encoder = require('kafkajs/src/protocol/encoder.js') as EncoderClass
  } catch {
    return false
  }
  // Another kafkajs release may grow differently: leave it as it is.
  if (typeof Encoder.nextPowerOfTwo !== 'function' || typeof Encoder.prototype.ensureAvailable !== 'function')
    return false
  Encoder.prototype.ensureAvailable = function ensureAvailable(this: KafkajsEncoder, length: number): void {
    if (this.offset + length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length))
      this.buf.copy(grown, 0, 0, this.offset)
      this.buf = grown
    }
  }
  return true
}

const installed = install()

/** Whether kafkajs's encoders grow without zero-filling. */
export function unzeroedGrowthInstalled(): boolean {
  return installed
}
