// One ClickHouse Native block from the column streams of one or more parts
// (each part: one message's rows). The layout: VarUInt column count, VarUInt
// row count, then per column its name and type as Strings and its data — for
// an Array or a Map the cumulative UInt64 offsets first, then the elements
// (a Map's keys, then its values). Joining parts costs one copy of their
// bytes, the same as joining JSONEachRow bodies; the offsets are summed here.
import type { Attributes } from '../rows.ts'
import { ByteStream, Lengths, type Stream } from './native-streams.ts'
import { type EncodedMap, writeEncodedMap, writeMap } from './native-values.ts'

/** The types columns are sent as: the engine converts them to the table's (LowCardinality, Map keys). */
export const NATIVE_STRING = 'String'
export const NATIVE_MAP = 'Map(String, String)'

export interface NativeColumn {
  readonly name: string
  /** The type as sent; the engine converts to the table's (String → LowCardinality(String)). */
  readonly type: string
  /** Indexes of the column's streams in a part's `streams`, in the order the format lays them out. */
  readonly streams: readonly number[]
}

export interface NativeParts {
  readonly rows: number
  readonly streams: readonly Stream[]
}

/** One message's streams for a table's columns: byte streams, and element counts where `counted` says. */
export class ColumnStreams implements NativeParts {
  readonly streams: Stream[]
  rows = 0

  /** `largest` is the stream most of the bytes go to, sized for `expectedBytes` from the start. */
  constructor(count: number, counted: ReadonlySet<number>, largest: number, expectedBytes: number) {
    this.streams = Array.from({ length: count }, (_, i) =>
      counted.has(i) ? new Lengths() : new ByteStream(i === largest ? expectedBytes : 256),
    )
  }

  protected bytes(index: number): ByteStream {
    return this.streams[index] as ByteStream
  }

  protected lengths(index: number): Lengths {
    return this.streams[index] as Lengths
  }

  /** A Map value into the streams at these indexes: its counts, keys and values. */
  protected map(map: Attributes, counts: number, keys: number, values: number): void {
    writeMap(map, this.lengths(counts), this.bytes(keys), this.bytes(values))
  }

  /** The same for a Map encoded before (a group's, repeated on each of its rows). */
  protected encodedMap(map: EncodedMap, counts: number, keys: number, values: number): void {
    writeEncodedMap(map, this.lengths(counts), this.bytes(keys), this.bytes(values))
  }
}

/** One block holding every row of `parts`, in order. */
export function writeNativeBlock(columns: readonly NativeColumn[], parts: readonly NativeParts[]): Buffer {
  let rows = 0
  let size = 20
  for (const part of parts) {
    rows += part.rows
    for (const stream of part.streams) size += stream instanceof Lengths ? 8 * stream.length : stream.at
  }
  for (const column of columns) size += 20 + column.name.length + column.type.length
  const out = new ByteStream(size)
  out.varUInt(columns.length)
  out.varUInt(rows)
  for (const column of columns) {
    out.text(column.name)
    out.text(column.type)
    for (const index of column.streams) {
      let offset = 0
      for (const part of parts) {
        const stream = part.streams[index]!
        if (stream instanceof Lengths) {
          for (let i = 0; i < stream.length; i++) {
            offset += stream.counts[i]!
            out.uint64(offset)
          }
        } else out.raw(stream.bytes)
      }
    }
  }
  return out.bytes
}
