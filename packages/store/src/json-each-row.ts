/** Encodes row objects as JSONEachRow: one JSON object per line. */
export function encodeJsonEachRow(rows: readonly object[]): Buffer {
  let out = ''
  for (const row of rows) out += `${JSON.stringify(row)}\n`
  return Buffer.from(out)
}

/** Parses JSONEachRow text into objects; an empty result is an empty array. */
export function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (end > start) rows.push(JSON.parse(text.slice(start, end)) as T)
    start = end + 1
  }
  return rows
}
