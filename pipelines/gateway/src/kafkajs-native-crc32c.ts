// kafkajs checksums every record batch it produces with CRC-32C computed in
// JavaScript a byte at a time: 17 % of the gateway's CPU in a profile of
// 8 clients sending 512-span requests (BENCHMARKS.md). @node-rs/crc32 computes
// the same checksum with the CPU's CRC32 instruction. kafkajs has no hook for
// it, so this module puts the native function into Node's require cache under
// the path of kafkajs's own checksum module before kafkajs loads that module
// (kafkajs reads it once, when its record-batch encoder loads): it must be
// evaluated before kafkajs is, which is why kafka-sink.ts imports it first.
// If kafkajs was already loaded, or the native module does not load on this
// platform, kafkajs's own checksum stays in use — correct, only slower;
// `nativeCrc32cInstalled()` says which. (The consumer never computes one:
// kafkajs does not verify checksums on fetch.)
import { createRequire, Module } from 'node:module'

const require = createRequire(import.meta.url)
const CHECKSUM_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C/index.js'
const ENCODER_MODULE = 'kafkajs/src/protocol/recordBatch/v0/index.js'

type Checksum = (buffer: Buffer) => number

function install(): Checksum | undefined {
  let path: string
  let native: Checksum
  try {
    path = require.resolve(CHECKSUM_MODULE)
    // kafkajs's encoder already holds its checksum: too late to swap it.
    if (require.cache[require.resolve(ENCODER_MODULE)] !== undefined) return undefined
    const { crc32c } = require('@node-rs/crc32') as { crc32c: (input: Buffer, initial?: number) => number }
    native = (buffer) => crc32c(buffer)
  } catch {
    return undefined
  }
  // kafkajs's own is loaded already: the encoder would bind to it.
  if (require.cache[path] !== undefined) return undefined
  const module = new Module(path)
  module.filename = path
  module.loaded = true
  module.exports = native
  require.cache[path] = module
  return native
}

const installed = install()

/** Whether kafkajs's producers checksum record batches with the native CRC-32C. */
export function nativeCrc32cInstalled(): boolean {
  return installed !== undefined && require.cache[require.resolve(CHECKSUM_MODULE)]?.exports === installed
}
