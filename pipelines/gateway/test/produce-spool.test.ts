// The gateway's disk spool: an append resolves once on disk; everything
// appended reaches the producer exactly once in a normal run, survives a
// process that stops before Kafka took it (read back by the next run), is
// refused past its byte limit, and what Kafka refuses for good is kept, not
// dropped. The broker is a stand-in here (outages and refusals on demand);
// gateway-spool.test.ts runs the same spool against the real broker.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Outgoing } from '../src/produce-rounds.ts'
import { ProduceSpool, SpoolFullError } from '../src/produce-spool.ts'
import { decodeSpoolRecords, encodeSpoolRecords } from '../src/spool-records.ts'

const message = (n: number, bytes = 200): Outgoing => ({
  topic: 'otlp_spans',
  key: n % 3 === 0 ? null : `trace-${n}`,
  value: Buffer.alloc(bytes, n % 251),
  ...(n % 2 === 0 ? { partition: n % 5 } : {}),
})

/** Stands in for the broker: records what it took; `down` makes every produce fail retriably, `refuse` for good. */
function brokerStandIn() {
  const state = { down: false, refuse: false, produced: [] as Outgoing[] }
  return Object.assign(state, {
    produce: async (messages: readonly Outgoing[]): Promise<void> => {
      await new Promise((r) => setTimeout(r, 2))
      if (state.down) throw Object.assign(new Error('broker down'), { retriable: true })
      if (state.refuse) throw Object.assign(new Error('MESSAGE_TOO_LARGE'), { retriable: false })
      state.produced.push(...messages)
    },
  })
}

const spoolDir = () => mkdtemp(join(tmpdir(), 'tracehound-spool-'))
const until = async (ready: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const values = (messages: readonly Outgoing[]) => messages.map((m) => m.value[0]).sort((a, b) => a! - b!)

describe('spool records', () => {
  it('read back as written: topic, key, partition and value', () => {
    const messages = [message(1), message(2), message(3, 0), message(4, 70_000)]
    const read = decodeSpoolRecords(encodeSpoolRecords(messages, 7))
    expect(read.generation).toBe(7)
    expect(read.messages).toEqual(messages)
  })

  it('reading stops at a torn or damaged record and at an older generation', () => {
    const newer = encodeSpoolRecords([message(1), message(2)], 4)
    // The same shapes, so the third old record starts where the new ones end.
    const older = encodeSpoolRecords([message(1), message(2), message(7)], 3)
    // Rewound: the new generation written over the start of the old one; the old third record is whole.
    const rewound = Buffer.concat([newer, older.subarray(newer.length)])
    expect(decodeSpoolRecords(older.subarray(newer.length)).messages).toEqual([message(7)])
    expect(decodeSpoolRecords(rewound).messages).toEqual([message(1), message(2)])
    expect(decodeSpoolRecords(newer.subarray(0, newer.length - 1)).messages).toHaveLength(1)
    const damaged = Buffer.from(newer)
    damaged[damaged.length - 1]! ^= 0xff
    expect(decodeSpoolRecords(damaged).messages).toHaveLength(1)
    expect(decodeSpoolRecords(Buffer.alloc(0))).toEqual({ messages: [], generation: undefined, bytes: 0 })
  })
})

describe('produce spool', () => {
  it('every appended message reaches the producer once; delivered segments are rewound, not left to grow', async () => {
    const broker = brokerStandIn()
    const dir = await spoolDir()
    const spool = new ProduceSpool({ dir, produce: broker.produce })
    await spool.open()
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => spool.append([message(round * 20 + i)])))
      await until(() => spool.pendingBytes === 0)
    }
    expect(broker.produced).toHaveLength(100)
    expect(values(broker.produced)).toEqual(values(Array.from({ length: 100 }, (_, i) => message(i))))
    expect(spool.pendingBytes).toBe(0)
    // One segment, rewound as it drained: what a next run would read is at most the last group, not all 100.
    const files = (await readdir(dir)).filter((f) => f.endsWith('.spool'))
    expect(files).toHaveLength(1)
    expect(decodeSpoolRecords(await readFile(join(dir, files[0]!))).messages.length).toBeLessThanOrEqual(20)
    await spool.close()
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool'))).toEqual([])
  })

  it('a Kafka outage fills the spool instead of failing clients; the next run delivers what the last one could not', async () => {
    const broker = brokerStandIn()
    broker.down = true
    const dir = await spoolDir()
    const first = new ProduceSpool({ dir, produce: broker.produce, segmentBytes: 4096 })
    await first.open()
    for (let i = 0; i < 60; i++) await first.append([message(i)])
    expect(first.pendingBytes).toBe(60 * 200)
    expect(first.lastError).toBe('broker down')
    await first.close(50)
    expect(broker.produced).toHaveLength(0)
    expect((await readdir(dir)).filter((f) => f.endsWith('.spool')).length).toBeGreaterThan(1)

    broker.down = false
    const second = new ProduceSpool({ dir, produce: broker.produce })
    await second.open()
    await until(async () => (await second.segmentsOnDisk()) === 0 && broker.produced.length === 60)
    expect(values(broker.produced)).toEqual(values(Array.from({ length: 60 }, (_, i) => message(i))))
    await second.close()
  })

  it('a torn last write (the process died before its fsync returned) is not read back; what was whole is', async () => {
    const broker = brokerStandIn()
    const dir = await spoolDir()
    const whole = encodeSpoolRecords([message(1), message(2)], 0)
    const torn = encodeSpoolRecords([message(3)], 0).subarray(0, 50)
    await writeFile(join(dir, 'deadbeef-000000000.spool'), Buffer.concat([whole, torn]))
    const spool = new ProduceSpool({ dir, produce: broker.produce })
    await spool.open()
    await until(async () => (await spool.segmentsOnDisk()) === 0)
    expect(broker.produced).toEqual([message(1), message(2)])
    await spool.close()
  })

  it('refuses appends past its byte limit (the client retries later), always admitting one into an empty spool', async () => {
    const broker = brokerStandIn()
    broker.down = true
    const dir = await spoolDir()
    const spool = new ProduceSpool({ dir, produce: broker.produce, maxPendingBytes: 2048 })
    await spool.open()
    await spool.append([message(1, 5000)])
    await expect(spool.append([message(2, 10)])).rejects.toBeInstanceOf(SpoolFullError)
    broker.down = false
    await until(() => spool.pendingBytes === 0)
    await spool.append([message(3, 1000)])
    await until(() => broker.produced.length === 2)
    await spool.close()
  })

  it('messages Kafka refuses for good are kept in rejected/ and logged, not dropped', async () => {
    const broker = brokerStandIn()
    broker.refuse = true
    const dir = await spoolDir()
    const logged: string[] = []
    const spool = new ProduceSpool({
      dir,
      produce: broker.produce,
      log: (level, msg) => logged.push(`${level} ${msg}`),
    })
    await spool.open()
    await spool.append([message(1), message(2)])
    await until(() => spool.rejected === 2)
    const kept = await readdir(join(dir, 'rejected'))
    expect(kept).toHaveLength(1)
    expect(decodeSpoolRecords(await readFile(join(dir, 'rejected', kept[0]!))).messages).toEqual([
      message(1),
      message(2),
    ])
    expect(logged.some((line) => line.startsWith('error spool: Kafka refused'))).toBe(true)
    await spool.close()
  })

  it('a directory it cannot use is named, with the flag that sets it', async () => {
    const spool = new ProduceSpool({ dir: '/etc/passwd/spool', produce: async () => {} })
    await expect(spool.open()).rejects.toThrow(
      /gateway spool directory \/etc\/passwd\/spool: ENOTDIR.*give --spool-dir \(gateway.spool_dir\) a directory/,
    )
  })

  it('a bad option is named', () => {
    expect(() => new ProduceSpool({ dir: '/tmp', produce: async () => {}, maxPendingBytes: 10 })).toThrow(
      /spool maxPendingBytes = 10: expected a whole number of bytes, at least 1024/,
    )
  })
})
