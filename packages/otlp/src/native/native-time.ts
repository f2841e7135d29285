// DateTime64(9) text (`YYYY-MM-DD HH:MM:SS.nnnnnnnnn`, UTC — what
// format-timestamp.ts writes and the rows carry) → the Int64 nanoseconds a
// Native column holds. Only the row path needs it; scanned spans carry their
// nanoseconds already.

const DATETIME64_9 = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{9})$/

export function dateTime64Nanos(text: string): bigint {
  const m = DATETIME64_9.exec(text)
  if (!m) throw new TypeError(`timestamp ${JSON.stringify(text)}: expected YYYY-MM-DD HH:MM:SS.nnnnnnnnn (UTC)`)
  const millis = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return BigInt(millis) * 1_000_000n + BigInt(m[7]!)
}
