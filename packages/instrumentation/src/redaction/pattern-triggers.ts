// Which value patterns can match a string, decided in one pass over its
// characters. Each pattern names the characters every match must contain
// (`requires`: one character out of each listed set) and how many digits at
// least (`minDigits`), or in one run (`minDigitRun`: digits joined by at
// most two of ` -./()+`, as cards, phone and id numbers are written); one
// loop collects which of those sets occur, counts digits and measures the
// longest run, and only the patterns whose conditions all hold run their
// regexp. A timestamp or a hex trace id has many digits but short runs, so
// the card, phone and id patterns stay idle on it.
// A clean string — the common case — costs that loop and nothing else: about
// a nanosecond per character, against several for a union regexp of every
// family (measured; irregexp tries each alternative at every position).

export interface TriggeredPattern {
  readonly name: string
  readonly requires?: readonly string[]
  readonly minDigits?: number
  readonly minDigitRun?: number
  readonly startsNear?: { readonly text: string; readonly within: number }
}

export type PatternTriggers = (text: string) => readonly number[]

const NONE: readonly number[] = []
/** Character sets get one bit each in a 32-bit mask; patterns past that always run. */
const MAX_SETS = 31
const MAX_MEMO = 4096

/** Checks a pattern's prefilter declarations (requires, minDigits, startsNear) once, at redactor creation. */
export function checkTriggers(p: TriggeredPattern): void {
  for (const set of p.requires ?? []) {
    if (typeof set !== 'string' || set === '' || /[^\x20-\x7e]/.test(set)) {
      throw new TypeError(
        `redaction pattern ${p.name}: requires must list non-empty sets of printable ASCII characters, got ${JSON.stringify(set)}`,
      )
    }
  }
  const near = p.startsNear
  if (
    near !== undefined &&
    (typeof near.text !== 'string' || near.text === '' || !Number.isInteger(near.within) || near.within < 0)
  ) {
    throw new TypeError(
      `redaction pattern ${p.name}: startsNear must be { text: a non-empty string, within: a whole number ≥ 0 }, got ${JSON.stringify(near)}`,
    )
  }
  if (p.minDigits !== undefined && (!Number.isInteger(p.minDigits) || p.minDigits < 0)) {
    throw new TypeError(
      `redaction pattern ${p.name}: minDigits must be a whole number ≥ 0, got ${JSON.stringify(p.minDigits)}`,
    )
  }
  if (p.minDigitRun !== undefined && (!Number.isInteger(p.minDigitRun) || p.minDigitRun < 0)) {
    throw new TypeError(
      `redaction pattern ${p.name}: minDigitRun must be a whole number ≥ 0, got ${JSON.stringify(p.minDigitRun)}`,
    )
  }
}

/** Characters that may join the digits of one run: ' ', '-', '.', '/', '(', ')', '+'. */
const RUN_JOINER = new Uint8Array(128)
for (const ch of ' -./()+') RUN_JOINER[ch.charCodeAt(0)] = 1
/** More joiners than this in a row end the run (`(415) 555`: two). */
const MAX_JOINERS = 2

/** Returns, for a string, the indexes of the patterns that may match it, ascending. */
export function compilePatternTriggers(patterns: readonly TriggeredPattern[]): PatternTriggers {
  const bitOfSet = new Map<string, number>()
  const table = new Int32Array(128)
  const needs = new Int32Array(patterns.length)
  const minDigits = new Int32Array(patterns.length)
  const minRun = new Int32Array(patterns.length)
  // A pattern without any condition (or past the mask) is a candidate for every string.
  const always: boolean[] = []
  patterns.forEach((p, i) => {
    minDigits[i] = p.minDigits ?? 0
    minRun[i] = p.minDigitRun ?? 0
    let need = 0
    let fits = true
    for (const set of p.requires ?? []) {
      const key = [...new Set(set)].sort().join('')
      let bit = bitOfSet.get(key)
      if (bit === undefined && bitOfSet.size < MAX_SETS) {
        bit = 1 << bitOfSet.size
        bitOfSet.set(key, bit)
        for (const ch of key) table[ch.charCodeAt(0)]! |= bit
      }
      if (bit === undefined) fits = false
      else need |= bit
    }
    needs[i] = need
    always[i] = !fits || (need === 0 && minDigits[i] === 0 && minRun[i] === 0)
  })
  const digitCap = Math.max(0, ...minDigits)
  const runCap = Math.max(0, ...minRun)
  const select = (seen: number, digits: number, run: number): readonly number[] => {
    const out: number[] = []
    for (let i = 0; i < needs.length; i++) {
      if (always[i] || ((seen & needs[i]!) === needs[i] && digits >= minDigits[i]! && run >= minRun[i]!)) out.push(i)
    }
    return out.length > 0 ? out : NONE
  }
  const whenClean = select(0, 0, 0)
  // The answer depends only on which sets occurred, the digit count and the
  // longest run (each capped where no pattern asks for more), and few
  // combinations occur in practice.
  const memo = new Map<number, (readonly number[] | undefined)[]>()

  return (text) => {
    let seen = 0
    let digits = 0
    let run = 0
    let longest = 0
    let joiners = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 128) {
        seen |= table[c]!
        if (c >= 48 && c <= 57) {
          digits++
          run++
          joiners = 0
          continue
        }
        if (RUN_JOINER[c] === 1 && run > 0 && joiners < MAX_JOINERS) {
          joiners++
          continue
        }
      }
      if (run > longest) longest = run
      run = 0
      joiners = 0
    }
    if (run > longest) longest = run
    if (seen === 0 && digits === 0) return whenClean
    if (digits > digitCap) digits = digitCap
    if (longest > runCap) longest = runCap
    let byCounts = memo.get(seen)
    if (!byCounts) {
      if (memo.size >= MAX_MEMO) return select(seen, digits, longest)
      byCounts = []
      memo.set(seen, byCounts)
    }
    const slot = digits * (runCap + 1) + longest
    const known = byCounts[slot]
    if (known) return known
    const selected = select(seen, digits, longest)
    byCounts[slot] = selected
    return selected
  }
}
