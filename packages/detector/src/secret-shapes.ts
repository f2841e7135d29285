// What `secret_leak` looks for in stored spans and log bodies: high-
// confidence secret shapes as one RE2 alternation (ClickHouse `match`) — a
// hit means a secret reached the store, leaked by a service without the
// instrumentation. The common shapes are written here; the provider-token
// families are the instrumentation's own (@tracehound/instrumentation/
// provider-tokens), converted, so a family the redactor learns is one the
// detector finds. Personal data and context-dependent shapes (a bare 32-hex
// key is a trace id too) are left out: in a span they prove nothing. Pure.
import { LATER_PROVIDER_TOKEN_PATTERNS, PROVIDER_TOKEN_PATTERNS } from '@tracehound/instrumentation/provider-tokens'

const COMMON_SECRET_RE2 = [
  'eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.',
  '(?i:bearer|basic) [A-Za-z0-9._~+/=-]{16,}',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  '\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b',
  '\\bgh[pousr]_[A-Za-z0-9]{36,}',
  '\\bgithub_pat_[A-Za-z0-9_]{22,}',
  '\\bgl(?:pat|dt|ptt|rt|soat|cbt|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,}',
  '\\bxox(?:[abposre]|e\\.xox[bp])-[A-Za-z0-9-]{10,}',
  'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{8,}',
  '\\b(?:sk|rk)_live_[A-Za-z0-9]{16,}',
  '\\bsk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)[0-9]{2}-)[A-Za-z0-9_-]{20,}',
  '\\bsk-[A-Za-z0-9]{48}\\b',
  '\\bAIza[0-9A-Za-z_-]{35}',
  '\\bnpm_[A-Za-z0-9]{36}',
  '\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}',
  '\\bhf_[A-Za-z0-9]{30,40}\\b',
  '\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\\b',
  '\\bdo[opr]_v1_[a-f0-9]{64}\\b',
  '[a-z][a-z0-9+.-]*://[^:/\\s@]*:[^@\\s/]+@',
  // A bcrypt password hash: a user row or an htpasswd line reached the store.
  '\\$2[abxy]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}',
]

/** A token must not run on into more token characters: JavaScript's lookahead, as RE2 can say it. */
const NOT_FOLLOWED_BY_TOKEN = '(?![\\w-])'

/**
 * A JavaScript pattern as RE2. RE2 has no lookaround: the one lookahead the
 * provider patterns use (the token ends here) becomes "a non-token character
 * or the end"; any other lookaround is refused, so a new pattern that needs
 * one fails the tests instead of silently matching something else.
 */
export function toRe2(pattern: RegExp): string {
  const source = pattern.source.split(NOT_FOLLOWED_BY_TOKEN).join('(?:[^\\w-]|$)')
  if (/\(\?<?[=!]/.test(source)) throw new Error(`${pattern}: a lookaround that RE2 cannot express`)
  return pattern.flags.includes('i') ? `(?i:${source})` : source
}

export const SECRET_RE2 = [
  ...COMMON_SECRET_RE2,
  ...[...PROVIDER_TOKEN_PATTERNS, ...LATER_PROVIDER_TOKEN_PATTERNS].map((p) => toRe2(p.pattern)),
].join('|')
