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
//
// Provider tokens start with a literal prefix (`ghp_`, `xoxb-`, `AKIA`), and
// single characters gate them poorly: a random id (`gC_ckjl3R_WaDSAwsPnyLg-0`,
// as request ids and object ids in URLs are) holds `_`, `-` and most letters,
// and woke some fifty token regexps per url.path. A pattern may therefore
// declare `prefixes`, one of which every match contains; the same loop notes
// which character pairs occur, and the pattern stays idle unless the rarest
// pair of one of its prefixes did. Pairs share 21 bits (a collision only
// wakes a pattern for nothing, never misses one).
//
// Answers are memoized per combination of sets, pairs and counts. Random ids
// (object ids in paths) make new combinations without end, so an answer is
// also cheap to compute: the unprefixed patterns' part memoized on the sets
// they ask for, the prefixed ones looked up by the pair bits that occurred.

export interface TriggeredPattern {
  readonly name: string
  readonly requires?: readonly string[]
  readonly minDigits?: number
  readonly minDigitRun?: number
  readonly startsNear?: { readonly text: string; readonly within: number }
  readonly prefixes?: readonly string[]
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
  for (const prefix of p.prefixes ?? []) {
    if (typeof prefix !== 'string' || prefix.length < 2 || /[^\x20-\x7e]/.test(prefix)) {
      throw new TypeError(
        `redaction pattern ${p.name}: prefixes must be strings of at least two printable ASCII characters, got ${JSON.stringify(prefix)}`,
      )
    }
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

/** Character pairs share this many bits: with the 31 of the sets, a memo key stays an exact number (52 bits). */
const PAIR_BITS = 21
const pairIndex = (first: number, second: number): number => (first << 7) | second

/** How unusual a character is in ordinary text: punctuation and digits most, then capitals, then lower case. */
function rarity(c: string): number {
  if (/[a-z]/.test(c)) return 1
  if (/[A-Z]/.test(c)) return 2
  if (/[0-9]/.test(c)) return 2.5
  return ' -./'.includes(c) ? 2 : 3
}

/** The pair of a prefix least likely in ordinary text (ties: the later one, nearer the token's own characters). */
function rarestPair(prefix: string): number {
  let best = 0
  let bestScore = -1
  for (let i = 0; i + 1 < prefix.length; i++) {
    const score = rarity(prefix[i]!) + rarity(prefix[i + 1]!)
    if (score >= bestScore) {
      bestScore = score
      best = pairIndex(prefix.charCodeAt(i), prefix.charCodeAt(i + 1))
    }
  }
  return best
}

/** Returns, for a string, the indexes of the patterns that may match it, ascending. */
export function compilePatternTriggers(patterns: readonly TriggeredPattern[]): PatternTriggers {
  const bitOfSet = new Map<string, number>()
  const table = new Int32Array(128)
  const needs = new Int32Array(patterns.length)
  const minDigits = new Int32Array(patterns.length)
  const minRun = new Int32Array(patterns.length)
  const pairTable = new Int32Array(128 * 128)
  const pairBits = new Map<number, number>()
  /** Per pattern: the bits of its prefixes' pairs, any of which must occur (0: no prefixes). */
  const anyPair = new Int32Array(patterns.length)
  // A pattern without any condition (or past the mask) is a candidate for every string.
  const always: boolean[] = []
  patterns.forEach((p, i) => {
    minDigits[i] = p.minDigits ?? 0
    minRun[i] = p.minDigitRun ?? 0
    for (const prefix of p.prefixes ?? []) {
      const pair = rarestPair(prefix)
      let bit = pairBits.get(pair)
      if (bit === undefined) {
        bit = 1 << (pairBits.size % PAIR_BITS)
        pairBits.set(pair, bit)
        pairTable[pair]! |= bit
      }
      anyPair[i]! |= bit
    }
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
    always[i] = !fits || (need === 0 && minDigits[i] === 0 && minRun[i] === 0 && anyPair[i] === 0)
  })
  const digitCap = Math.max(0, ...minDigits)
  const runCap = Math.max(0, ...minRun)
  const holds = (i: number, seen: number, digits: number, run: number): boolean =>
    (seen & needs[i]!) === needs[i] && digits >= minDigits[i]! && run >= minRun[i]!
  // Patterns without prefixes depend on the sets, the digit count and the longest run only: few combinations
  // occur, so their selection is memoized on those. Patterns with prefixes are looked up by the pair bits that
  // occurred: a random id sets pair bits in ever new combinations, and a scan of every pattern per new
  // combination cost ~2–3 µs a value (measured on url.path values holding random ids).
  const unprefixed = (seen: number, digits: number, run: number): readonly number[] => {
    const out: number[] = []
    for (let i = 0; i < needs.length; i++)
      if (always[i] || (anyPair[i] === 0 && holds(i, seen, digits, run))) out.push(i)
    return out.length > 0 ? out : NONE
  }
  let unprefixedSets = 0
  for (let i = 0; i < needs.length; i++) if (anyPair[i] === 0) unprefixedSets |= needs[i]!
  const byPairBit: number[][] = Array.from({ length: PAIR_BITS }, () => [])
  for (let i = 0; i < anyPair.length; i++) {
    if (always[i]) continue
    for (let bit = 0; bit < PAIR_BITS; bit++) if ((anyPair[i]! & (1 << bit)) !== 0) byPairBit[bit]!.push(i)
  }
  // Keyed by small integers (the sets' mask, then a slot): a Map keyed by a number past 2^31 hashes a heap
  // number, ~100 ns a lookup here against a few for a small integer (measured).
  const baseMemo = new Map<number, (readonly number[] | undefined)[]>()
  // The prefixed patterns a string wakes, as bits over all patterns (reused, cleared after each use): merged with
  // the unprefixed ones by walking the words, which keeps the declared order without a sort.
  const woken = new Int32Array(Math.ceil(patterns.length / 32))
  const select = (seen: number, pairs: number, digits: number, run: number): readonly number[] => {
    // Only the sets unprefixed patterns ask for: the letters that vary most between random ids gate prefixed ones.
    const asked = seen & unprefixedSets
    let bySlot = baseMemo.get(asked)
    if (bySlot === undefined) {
      bySlot = []
      if (baseMemo.size < MAX_MEMO) baseMemo.set(asked, bySlot)
    }
    const slot = digits * (runCap + 1) + run
    let base = bySlot[slot]
    if (base === undefined) {
      base = unprefixed(asked, digits, run)
      bySlot[slot] = base
    }
    let any = false
    for (let bits = pairs; bits !== 0; ) {
      const low = bits & -bits
      bits ^= low
      const list = byPairBit[31 - Math.clz32(low)]!
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!
        if (holds(i, seen, digits, run)) {
          woken[i >>> 5]! |= 1 << (i & 31)
          any = true
        }
      }
    }
    if (!any) return base
    for (let k = 0; k < base.length; k++) woken[base[k]! >>> 5]! |= 1 << (base[k]! & 31)
    const out: number[] = []
    for (let w = 0; w < woken.length; w++) {
      let word = woken[w]!
      woken[w] = 0
      while (word !== 0) {
        const low = word & -word
        word ^= low
        out.push(w * 32 + 31 - Math.clz32(low))
      }
    }
    return out
  }
  const whenClean = select(0, 0, 0, 0)
  // The answer depends only on which sets and pairs occurred, the digit count and the
  // longest run (each capped where no pattern asks for more), and few
  // combinations occur in ordinary text.
  const memo = new Map<number, Map<number, (readonly number[] | undefined)[]>>()
  let memoized = 0

  return (text) => {
    let seen = 0
    let pairs = 0
    let previous = 0
    let digits = 0
    let run = 0
    let longest = 0
    let joiners = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 128) {
        seen |= table[c]!
        pairs |= pairTable[(previous << 7) | c]!
        previous = c
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
      } else previous = 0
      if (run > longest) longest = run
      run = 0
      joiners = 0
    }
    if (run > longest) longest = run
    if (seen === 0 && pairs === 0 && digits === 0) return whenClean
    if (digits > digitCap) digits = digitCap
    if (longest > runCap) longest = runCap
    let byPairs = memo.get(seen)
    let byCounts = byPairs?.get(pairs)
    if (!byCounts) {
      if (memoized >= MAX_MEMO) return select(seen, pairs, digits, longest)
      if (!byPairs) {
        byPairs = new Map()
        memo.set(seen, byPairs)
      }
      byCounts = []
      byPairs.set(pairs, byCounts)
      memoized++
    }
    const slot = digits * (runCap + 1) + longest
    const known = byCounts[slot]
    if (known) return known
    const selected = select(seen, pairs, digits, longest)
    byCounts[slot] = selected
    return selected
  }
}
