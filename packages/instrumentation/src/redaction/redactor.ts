// The redactor: a copy of any value with secrets and personal data replaced,
// by key name and by value pattern. It never mutates its input, never throws
// (a failure redacts the whole value: fail closed), survives cycles, and does
// bounded work on any input: strings are cut at maxStringLength before they
// are scanned, objects at maxDepth and maxNodes.
import { compileKeyMatcher } from './sensitive-keys.ts'
import { namedValuePatterns } from './named-values.ts'
import { jsonUnescaped } from './json-unescaped.ts'
import { percentDecoded } from './percent-decoded.ts'
import { isOpaqueId } from './opaque-ids.ts'
import { checkTriggers, compilePatternTriggers } from './pattern-triggers.ts'
import { BUILT_IN_PATTERNS, GENERATED_TOKEN, type ValuePattern } from './value-patterns.ts'

export interface RedactorOptions {
  /** More sensitive key names (substring match, separators ignored) or regexps on the raw key. */
  extraKeys?: readonly (string | RegExp)[]
  /** More value patterns; the regexp must be global (`/…/g`). */
  extraPatterns?: readonly ValuePattern[]
  /** Keys never redacted by name (their values are still scanned). */
  allowKeys?: readonly string[]
  /** Families of built-in patterns to switch off, e.g. ['email', 'phone']. */
  disablePatterns?: readonly string[]
  /** Deeper levels become '[TRUNCATED:depth]'. @default 16 */
  maxDepth?: number
  /** Longer strings are cut here before scanning. @default 65_536 */
  maxStringLength?: number
  /** Values visited per call before the rest becomes '[TRUNCATED:size]'. @default 10_000 */
  maxNodes?: number
}

export interface Redactor {
  /** A redacted copy of any value (objects, arrays, Errors, Maps are copied; the input is untouched). */
  value(input: unknown): unknown
  /** A redacted copy of a string. */
  string(input: string): string
  /** A span name, redacted: names repeat (`GET /orders/:id`), so the last clean one skips the scan. */
  name(input: string): string
  /** A flat attribute map (span attributes) redacted by key, then by value: the map itself when nothing changed, else a copy. */
  attributes<T>(input: Readonly<Record<string, T>>): Record<string, T | string>
}

/** A match's capture groups, unmatched ones as ''. */
function groupsOf(match: RegExpExecArray): string[] {
  const groups = new Array<string>(match.length - 1)
  for (let i = 1; i < match.length; i++) groups[i - 1] = match[i] ?? ''
  return groups
}

/** Keys that hold headers, which may come as a list of pairs (`rawHeaders`, `headers`, `rawTrailers`). */
const HEADER_LIST_KEY = /(?:headers?|trailers)$/i
/**
 * Node's flat lists (`rawHeaders`: name, value, name, value). Only under these names: a flat list elsewhere is
 * as likely a list of header names (`allowedHeaders: ['Authorization', 'Content-Type']`).
 */
const FLAT_HEADER_LIST_KEY = /^raw(?:headers|trailers)$/i

/**
 * Whether a sensitive name's value goes: anything but nothing (null, undefined, '') and a boolean, which
 * holds no secret (`pass: true`, `password: false` say whether, not what).
 */
/** Field names that hold a secret only when the value looks generated: `refresh` is a setting as often as a token. */
const GENERATED_ONLY_KEY = /^refresh$/i
const GENERATED_VALUE = new RegExp(`^${GENERATED_TOKEN}$`)

const holdsSecret = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== '' && typeof value !== 'boolean'

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const keyMatcher = compileKeyMatcher(options.extraKeys, options.allowKeys)
  const disabled = new Set(options.disablePatterns ?? [])
  const patterns = [
    ...[...BUILT_IN_PATTERNS, ...namedValuePatterns(keyMatcher)].filter((p) => !disabled.has(p.name)),
    ...(options.extraPatterns ?? []),
  ]
  for (const p of patterns) {
    if (!p.pattern.global) throw new TypeError(`redaction pattern ${p.name}: the regexp must have the g flag`)
    checkTriggers(p)
  }
  const candidates = compilePatternTriggers(patterns)
  const maxDepth = options.maxDepth ?? 16
  const maxStringLength = options.maxStringLength ?? 65_536
  const maxNodes = options.maxNodes ?? 10_000

  // An exec loop rather than String#replace with a callback: about twice as fast here.
  const redactWith = (p: ValuePattern, text: string): string => {
    if (p.redact) return p.redact(text)
    const regexp = p.pattern
    if (p.startsNear) {
      const at = text.indexOf(p.startsNear.text)
      if (at === -1) return text
      regexp.lastIndex = Math.max(0, at - p.startsNear.within)
    } else regexp.lastIndex = 0
    let out = ''
    let copied = 0
    let match: RegExpExecArray | null
    for (match = regexp.exec(text); match !== null; match = regexp.exec(text)) {
      const found = match[0]
      if (found === '') {
        regexp.lastIndex = match.index + 1
        continue
      }
      if (p.validate && !p.validate(found)) continue
      const replacement = p.replace ? p.replace(found, ...groupsOf(match)) : `[REDACTED:${p.name}]`
      // A replacement that keeps the match ("password: required") copies nothing.
      if (replacement === found) continue
      out += text.slice(copied, match.index) + replacement
      copied = match.index + found.length
    }
    return copied === 0 ? text : out + text.slice(copied)
  }

  const scanPatterns = (input: string): string => {
    let text = input
    const found = candidates(text)
    for (let i = 0; i < found.length; i++) text = redactWith(patterns[found[i]!]!, text)
    return text
  }

  // The cut's mark is added after the scan: a pattern reading on from a name must not take it for the value.
  const scan = (input: string): string =>
    input.length > maxStringLength
      ? `${scanWhole(input.slice(0, maxStringLength))}…[TRUNCATED:${input.length - maxStringLength} chars]`
      : scanWhole(input)

  const scanWhole = (input: string): string => {
    if (isOpaqueId(input)) return input
    const text = scanPatterns(input)
    // Percent-encoded text (a URL, a query string) hides shapes: `%2B14155552671`, `jane%40example.com`. It is
    // scanned again decoded, and comes out decoded only when that scan found something.
    if (text.includes('%')) {
      const decoded = percentDecoded(text)
      if (decoded !== text) {
        const redacted = scanPatterns(decoded)
        if (redacted !== decoded) return redacted
      }
    }
    // Likewise JSON inside a JSON string (`{\"password\":\"…\"}`): scanned unescaped, and comes out unescaped
    // only when that scan found something.
    if (text.includes('\\"')) {
      const unescaped = jsonUnescaped(text)
      const redacted = scanPatterns(unescaped)
      if (redacted !== unescaped) return redacted
    }
    return text
  }

  // Per key: whether its name is sensitive, and the last value found clean
  // under it. Values under one key repeat (methods, hosts, user agents,
  // routes, content types), and a repeat skips the scan. Only clean values are
  // kept, so no secret is held on to; bounded by the number of keys and the
  // length of a value. One Map lookup per key and value.
  interface KeyState {
    readonly sensitive: string | undefined
    /** A name that holds a secret only when the value looks generated (`refresh`). */
    readonly generatedOnly: boolean
    clean: string | undefined
  }
  const keyStates = new Map<string, KeyState>()
  const stateOf = (key: string): KeyState => {
    let state = keyStates.get(key)
    if (state === undefined) {
      state = { sensitive: keyMatcher(key), generatedOnly: GENERATED_ONLY_KEY.test(key), clean: undefined }
      if (keyStates.size < 10_000) keyStates.set(key, state)
    }
    return state
  }
  const scanUnder = (state: KeyState, value: string): string => {
    if (state.clean === value) return value
    if (state.generatedOnly && GENERATED_VALUE.test(value)) return '[REDACTED:secret]'
    const out = scan(value)
    if (out === value && value.length <= 256) state.clean = value
    return out
  }

  const nameState: KeyState = { sensitive: undefined, generatedOnly: false, clean: undefined }

  const safeString = (input: string): string => {
    try {
      return scan(input)
    } catch {
      return '[REDACTED:error]'
    }
  }

  const copy = (input: unknown, depth: number, seen: object[], budget: { nodes: number }): unknown => {
    if (--budget.nodes < 0) return '[TRUNCATED:size]'
    if (typeof input === 'string') return scan(input)
    if (input === null || typeof input !== 'object')
      return typeof input === 'function' || typeof input === 'symbol' ? String(input) : input
    // The ancestors on the current path (at most maxDepth): a cycle points back into them.
    if (seen.includes(input)) return '[Circular]'
    if (depth >= maxDepth) return '[TRUNCATED:depth]'
    seen.push(input)
    try {
      const proto: unknown = Object.getPrototypeOf(input)
      // Plain objects first: by far the most common, and no instanceof chain to walk.
      if (proto !== Object.prototype && proto !== null) {
        if (input instanceof Error) {
          const out: Record<string, unknown> = { type: input.name, message: scan(input.message) }
          if (input.stack) out['stack'] = scan(input.stack)
          for (const [key, value] of Object.entries(input)) out[key] = entry(key, value, depth, seen, budget)
          if (input.cause !== undefined) out['cause'] = copy(input.cause, depth + 1, seen, budget)
          // AggregateError's errors are not enumerable: without this, what each one says is lost, not redacted.
          if (input instanceof AggregateError) out['errors'] = copy(input.errors, depth + 1, seen, budget)
          return out
        }
        if (Array.isArray(input)) {
          let out: unknown[] | undefined
          for (let i = 0; i < input.length; i++) {
            const item: unknown = input[i]
            const copied = copy(item, depth + 1, seen, budget)
            if (copied !== item && !out) out = input.slice(0, i)
            out?.push(copied)
          }
          return out ?? input
        }
        if (input instanceof Date) return input.toISOString()
        if (Buffer.isBuffer(input) || ArrayBuffer.isView(input))
          return `[binary ${(input as ArrayBufferView).byteLength} bytes]`
        if (input instanceof Map)
          return Object.fromEntries([...input].map(([k, v]) => [String(k), entry(String(k), v, depth, seen, budget)]))
        if (input instanceof Set) return [...input].map((item) => copy(item, depth + 1, seen, budget))
        // fetch's Headers and URLSearchParams keep their pairs out of sight of Object.keys: as {} a log line
        // would lose them, so they become plain objects judged by name like any other.
        if (input instanceof Headers || input instanceof URLSearchParams) {
          const out: Record<string, unknown> = {}
          for (const [k, v] of input) out[k] = entry(k, v, depth, seen, budget)
          return out
        }
        // What JSON.stringify (and so pino) would write for it: a URL's href, a Decimal's digits, a moment's ISO time.
        const toJSON: unknown = (input as { toJSON?: unknown }).toJSON
        if (typeof toJSON === 'function') return copy(toJSON.call(input), depth + 1, seen, budget)
      }
      // Copy on write: an object whose values all come back unchanged is returned as is
      // (never modified); the first change copies it.
      const keys = Object.keys(input)
      let out: Record<string, unknown> | undefined
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!
        const value = (input as Record<string, unknown>)[key]
        const copied = entry(key, value, depth, seen, budget)
        if (copied !== value && !out) {
          out = {}
          for (let j = 0; j < i; j++) out[keys[j]!] = (input as Record<string, unknown>)[keys[j]!]
        }
        if (out) out[key] = copied
      }
      if (!out && proto !== Object.prototype && proto !== null) {
        // Class instances become plain objects, as JSON would see them.
        return { ...(input as Record<string, unknown>) }
      }
      return out ?? input
    } finally {
      seen.pop()
    }
  }

  const entry = (key: string, value: unknown, depth: number, seen: object[], budget: { nodes: number }): unknown => {
    const state = stateOf(key)
    if (state.sensitive !== undefined && holdsSecret(value)) return `[REDACTED:${state.sensitive}]`
    if (typeof value === 'string') return --budget.nodes < 0 ? '[TRUNCATED:size]' : scanUnder(state, value)
    if (Array.isArray(value) && HEADER_LIST_KEY.test(key))
      return copy(headerPairs(value, FLAT_HEADER_LIST_KEY.test(key)), depth + 1, seen, budget)
    return copy(value, depth + 1, seen, budget)
  }

  // Headers as a list of names and values: Node's rawHeaders (`['X-Api-Key', '…', 'Cookie', '…']`), undici's
  // and fetch's entries (`[['authorization', '…']]`). A value is judged by the name before it, as in an object.
  // Copy on write, as everywhere: a list with nothing to redact is returned as is.
  const headerPairs = (list: readonly unknown[], flat: boolean): readonly unknown[] => {
    /** The label for the value after `name`, if that name is sensitive and the value holds a secret. */
    const labelFor = (name: unknown, value: unknown): string | undefined => {
      const hit = typeof name === 'string' && holdsSecret(value) ? keyMatcher(name) : undefined
      return hit === undefined ? undefined : `[REDACTED:${hit}]`
    }
    let out: unknown[] | undefined
    const set = (at: number, value: unknown): void => {
      out ??= list.slice()
      out[at] = value
    }
    for (let i = 0; i < list.length; i++) {
      const item = list[i]
      if (Array.isArray(item) && item.length === 2) {
        const label = labelFor(item[0], item[1])
        if (label !== undefined) set(i, [item[0], label])
      } else if (flat && i % 2 === 0) {
        const label = labelFor(item, list[i + 1])
        if (label !== undefined) set(i + 1, label)
      }
    }
    return out ?? list
  }

  return {
    value(input) {
      try {
        return copy(input, 0, [], { nodes: maxNodes })
      } catch {
        return '[REDACTED:error]'
      }
    },
    string: safeString,
    name(input) {
      try {
        return scanUnder(nameState, input)
      } catch {
        return '[REDACTED:error]'
      }
    },
    attributes<T>(input: Readonly<Record<string, T>>) {
      try {
        // Copy on write: most spans have nothing to redact and keep their own map.
        const keys = Object.keys(input)
        let out: Record<string, T | string> | undefined
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!
          const value = input[key] as T
          const state = stateOf(key)
          let redacted: T | string = value
          if (state.sensitive !== undefined && holdsSecret(value)) redacted = `[REDACTED:${state.sensitive}]`
          else if (typeof value === 'string') redacted = scanUnder(state, value)
          else if (Array.isArray(value)) {
            const items = value.map((v: unknown) => (typeof v === 'string' ? scan(v) : v))
            if (items.some((v, j) => v !== value[j])) redacted = items as T
          }
          if (redacted !== value && !out) {
            out = {}
            for (let j = 0; j < i; j++) out[keys[j]!] = input[keys[j]!] as T
          }
          if (out) out[key] = redacted
        }
        return out ?? (input as Record<string, T | string>)
      } catch {
        return Object.fromEntries(Object.keys(input).map((k) => [k, '[REDACTED:error]']))
      }
    },
  }
}
