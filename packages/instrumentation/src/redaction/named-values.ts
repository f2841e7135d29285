// `name=value` pairs in text, logfmt lines and query strings (`?phone=…&email=…`,
// `user=bob password=hunter2`), `"name": "value"` in JSON written into a
// message (and `"name"=>"value"` in Ruby's hashes), names in XML
// (`<password>…</password>`, `name="…" value="…"`), judged by the same key
// rules as field names: a value that would be redacted under that name as a
// field is redacted here too, whatever its shape or encoding (a URL-encoded
// phone number has no shape left to find).
import type { KeyMatcher } from './sensitive-keys.ts'
import { NOT_A_VALUE, type ValuePattern } from './value-patterns.ts'

const label = (name: string): string => `[REDACTED:${name}]`

/** `name=value`: a name starts after a separator of its own (`?`, `&`, `;`, space, brace); `a=b=c` is one value. */
export const NAME_EQUALS_VALUE = /(^|[?&;\s,{(])([A-Za-z_][\w.[\]-]{0,63})=(?!=)([^&#\s"',;]+)/g

const NAME_CHAR = new Uint8Array(128)
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.[]-') NAME_CHAR[ch.charCodeAt(0)] = 1
const VALUE_END = new Uint8Array(128)
for (const ch of '&#"\',; \t\n\v\f\r') VALUE_END[ch.charCodeAt(0)] = 1
const WHITESPACE = /\s/
/** `\s` of a regexp, without running one per character. */
const isSpace = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at)
  return c === 32 || (c >= 9 && c <= 13) || (c >= 128 && WHITESPACE.test(text[at]!))
}
const isNameChar = (c: number): boolean => c < 128 && NAME_CHAR[c] === 1
const isFirstNameChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
const isSeparator = (text: string, at: number): boolean => '?&;,{('.includes(text[at]!) || isSpace(text, at)

export function namedValuePatterns(isSensitive: KeyMatcher): ValuePattern[] {
  // In text a value of one or two characters after a name is a count or a flag (`pin=4 tries`), not a secret.
  const replacement = (name: string, value: string): string | undefined => {
    if (value.length < 3) return undefined
    const hit = isSensitive(name)
    return hit === undefined || NOT_A_VALUE.test(value) ? undefined : label(hit)
  }
  // NAME_EQUALS_VALUE, from each '=' instead of from every separator: a busy
  // logfmt line has a dozen pairs and few sensitive names, and the regexp
  // spent ~150 ns on each (measured).
  const redact = (text: string): string => {
    let out = ''
    let copied = 0
    for (let eq = text.indexOf('='); eq !== -1; eq = text.indexOf('=', eq + 1)) {
      let start = eq
      while (start > 0 && eq - start < 64 && isNameChar(text.charCodeAt(start - 1))) start--
      if (start === eq || !isFirstNameChar(text.charCodeAt(start))) continue
      if (start > 0 && !isSeparator(text, start - 1)) continue
      if (text.charCodeAt(eq + 1) === 61) continue
      let end = eq + 1
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end)
        if (c < 128 ? VALUE_END[c] === 1 : isSpace(text, end)) break
      }
      if (end === eq + 1) continue
      const redacted = replacement(text.slice(start, eq), text.slice(eq + 1, end))
      if (redacted !== undefined) {
        out += text.slice(copied, eq + 1) + redacted
        copied = end
      }
      // The regexp resumes after the value, whatever it decided.
      eq = end - 1
    }
    return copied === 0 ? text : out + text.slice(copied)
  }
  /** A quoted name, its separator and a quoted or numeric value (JSON, Ruby): the value redacted by the name. */
  const quotedPair = (m: string, before: string, name: string, value: string): string => {
    const quoted = value.startsWith('"')
    const redacted = replacement(name, quoted ? value.slice(1, -1) : value)
    return redacted === undefined ? m : `${before}"${redacted}"`
  }
  return [
    {
      // An XML element named for what it holds (`<password>…</password>`, `<wsse:Password Type="…">…`): SOAP
      // envelopes, XML configs, a request body logged whole. The name is judged without its namespace.
      name: 'named-value',
      prefixes: ['</'],
      requires: ['/'],
      pattern: /<((?:[A-Za-z_][\w.-]{0,31}:)?([A-Za-z_][\w.-]{0,63}))(\s[^<>]{0,256})?>([^<]{1,4096})<\/\1>/g,
      replace: (m, tag, name, attributes, value) => {
        const redacted = replacement(String(name), String(value).trim())
        return redacted === undefined ? m : `<${tag}${attributes}>${redacted}</${tag}>`
      },
    },
    {
      // A name and a value as attributes (`<add key="ApiKey" value="…"/>`, `<property name="password"
      // value="…"/>`, `<input name="password" value="…">`): .NET and Spring configs, HTML forms.
      name: 'named-value',
      // `="` and `='` are rarer pairs than `e=` (`trace=…` has it).
      prefixes: ['value="', "value='"],
      requires: ['='],
      pattern: /(\s(?:key|name)=["']([A-Za-z_][\w.:-]{0,63})["']\s{1,8}value=["'])([^"'<>]{1,4096})(?=["'])/g,
      replace: (m, before, name, value) => {
        const redacted = replacement(String(name), String(value))
        return redacted === undefined ? m : `${before}${redacted}`
      },
    },
    {
      name: 'named-value',
      requires: ['='],
      pattern: NAME_EQUALS_VALUE,
      replace: (m, before, name, value) => {
        const redacted = replacement(String(name), String(value))
        return redacted === undefined ? m : `${before}${name}=${redacted}`
      },
      redact,
    },
    {
      // `name: value` as headers, YAML and hand-written lines have it (`X-Api-Key: …`, `accessKey: …`, `creds:
      // admin/…`). Prose uses the form too (`Password: must be rotated`, `Error: accessKey: …`), so a value is
      // taken only when it holds a digit or a sign, as tokens, ids and numbers do, and never a colon: a word
      // of letters is not consumed and the pair after it is still read. An `=` inside ends it (`Cookie:
      // theme=dark; …` is a list of pairs, judged pair by pair by the rules for `name=value`). The regexp
      // starts at the `: ` (a lookahead first, so the engine scans for it) and reads the name behind it.
      name: 'named-value',
      prefixes: [': '],
      requires: [':', ' '],
      pattern:
        /(?=: )(?<=(?:^|[?&;\s,{(])([A-Za-z_][\w.[\]-]{1,63})): {1,4}["']?((?=[^&#\s"',;:=]*[^A-Za-z&#\s"',;:=])[^&#\s"',;:=]+={0,2})/g,
      replace: (m, name, value) => {
        const redacted = replacement(String(name), String(value))
        return redacted === undefined ? m : `${m.slice(0, m.length - String(value).length)}${redacted}`
      },
    },
    {
      // Ruby's hashes as Rails logs them (`Parameters: {"user"=>{"password"=>"…"}}`).
      name: 'named-value',
      requires: ['"', '='],
      pattern: /("([A-Za-z_][\w.-]{0,63})"\s{0,3}=>\s{0,3})("(?:[^"\\\n]|\\.){1,4096}"|-?\d[\d.]{0,40})/g,
      replace: quotedPair,
    },
    {
      name: 'named-value',
      requires: ['"', ':'],
      pattern: /("([A-Za-z_][\w.-]{0,63})"\s{0,3}:\s{0,3})("(?:[^"\\\n]|\\.){1,4096}"|-?\d[\d.]{0,40})/g,
      replace: quotedPair,
    },
  ]
}
