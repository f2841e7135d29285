// Keys whose values are secret whatever they look like. Keys are compared
// case-insensitively with separators removed (`X-Api-Key`, `api_key`, `apiKey`
// are one key). Strong words match anywhere in the key; weak words (token,
// cookie, auth…) only as the whole key or its ending, so `tokenCount` or
// `author` stay readable.

const STRONG = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'privatekey',
  'accesskey',
  'clientsecret',
  'creditcard',
  'cardnumber',
  'ccnumber',
  'socialsecurity',
  'sessionid',
  'credential',
]
const WEAK = [
  'token',
  'auth',
  'authorization',
  'cookie',
  'setcookie',
  'cvv',
  'cvc',
  'cvv2',
  'ssn',
  'pin',
  'pwd',
  'signature',
  'xapikey',
  'jwt',
  'otp',
  'mfacode',
]

export type KeyMatcher = (key: string) => string | undefined

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/**
 * Compiles the key rules once. Returns the matched word for a sensitive key
 * (used in the replacement), undefined otherwise. `allow` wins over everything.
 */
export function compileKeyMatcher(extra: readonly (string | RegExp)[] = [], allow: readonly string[] = []): KeyMatcher {
  const allowed = new Set(allow.map(normalizeKey))
  const extraWords = extra.filter((e): e is string => typeof e === 'string').map(normalizeKey)
  const extraRegexps = extra.filter((e): e is RegExp => e instanceof RegExp)
  const strong = [...STRONG, ...extraWords]
  // '' marks a key known to be harmless, so a lookup is one Map access either way.
  const cache = new Map<string, string>()
  return (key) => {
    const cached = cache.get(key)
    if (cached !== undefined) return cached === '' ? undefined : cached
    const normalized = normalizeKey(key)
    let hit: string | undefined
    if (!allowed.has(normalized)) {
      hit =
        strong.find((word) => normalized.includes(word)) ??
        WEAK.find((word) => normalized === word || normalized.endsWith(word))
      if (!hit && extraRegexps.some((r) => r.test(key))) hit = 'key'
    }
    if (cache.size < 10_000) cache.set(key, hit ?? '')
    return hit
  }
}
