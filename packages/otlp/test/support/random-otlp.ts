// Seeded random OTLP pieces for the fuzz tests of the row-less paths: the
// same cases on every run, with text JSON must escape, multi-byte characters,
// byte-order marks, every AnyValue kind (extreme doubles, negative and large
// integers, arrays, maps, bytes) — what the in-place readers must either
// handle exactly as the decoder does or hand back to it.
import { OtlpDecodeError } from '../../src/index.ts'

/** A seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Text JSON must escape, multi-byte characters, a leading byte-order mark now and then. */
export function randomText(next: () => number): string {
  const pieces = ['a', 'Z', '/', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\u2028', '{', ':']
  let text = next() < 0.05 ? '\ufeff' : ''
  const length = Math.floor(next() * 12)
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)]
  return text
}

export const hex = (next: () => number, bytes: number): string =>
  Array.from({ length: bytes }, () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('')

/** An OTLP/JSON AnyValue of any kind (or none). */
export function randomValue(next: () => number): Record<string, unknown> {
  const pick = next()
  if (pick < 0.45) return { stringValue: randomText(next) }
  if (pick < 0.55) return { boolValue: next() < 0.5 }
  if (pick < 0.7)
    return { intValue: String(Math.floor(next() * 2 ** (next() < 0.9 ? 20 : 62)) * (next() < 0.9 ? 1 : -1)) }
  if (pick < 0.8) {
    const extreme = [1e-9, 1e-300, -1e300, 5e-324, Number.MAX_VALUE]
    return {
      doubleValue:
        next() < 0.2 ? extreme[Math.floor(next() * extreme.length)] : (next() - 0.5) * 10 ** Math.floor(next() * 30),
    }
  }
  if (pick < 0.84) return { arrayValue: { values: [{ stringValue: randomText(next) }] } }
  if (pick < 0.88) return { kvlistValue: { values: [{ key: 'k', value: { stringValue: randomText(next) } }] } }
  if (pick < 0.91) return { bytesValue: 'AAEC' }
  return {}
}

/** Attributes with random keys, and now and then a key JSON.stringify treats specially or a repeated one. */
export function randomAttributes(next: () => number, max: number): { key: string; value: Record<string, unknown> }[] {
  const keys = ['http.route', 'user.id', 'dup', '7', '__proto__', 'k"ey', '', 'é']
  return Array.from({ length: Math.floor(next() * max) }, () => ({
    key: next() < 0.7 ? `${randomText(next)}${Math.floor(next() * 50)}` : keys[Math.floor(next() * keys.length)]!,
    value: randomValue(next),
  }))
}

/** A copy of `message`, with three random bytes overwritten on odd rounds. */
export function damage(message: Uint8Array, round: number, next: () => number): Uint8Array {
  const damaged = Uint8Array.from(message)
  if (round % 2 === 1)
    for (let flips = 0; flips < 3; flips++) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256)
  return damaged
}

/** What a path made of a request, as text: its output, or the decoder's refusal. */
export function verdict(run: () => string): string {
  try {
    return run()
  } catch (err) {
    if (!(err instanceof OtlpDecodeError)) throw err
    return `refused: ${err.message}`
  }
}

/** The contract: one JSON.stringify'd row per line. */
export const jsonEachRow = (rows: readonly object[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join('')
