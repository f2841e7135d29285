// One ClickHouse Native block from the column streams of one or more parts
// (each part: one message's rows). The layout: VarUInt column count, VarUInt
// row count, then per column its name and type as Strings and its data — for
// an Array or a Map the cumulative UInt64 offsets first, then the elements
// (a Map's keys, then its values). Joining parts costs one copy of their
// bytes, the same as joining JSONEachRow bodies; the offsets are summed here.
import { ByteStream, Lengths, type Stream } from './native-streams.ts'

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
