// Secrets and personal data recognised by what the value looks like, wherever
// it sits. Each pattern is linear-time (no nested quantifiers over the same
// characters) and names its family in the replacement.
import { passesIbanMod97, passesLuhn } from './checksums.ts'

export interface ValuePattern {
  /** Family, shown as `[REDACTED:<name>]`. */
  readonly name: string
  /** Global regex; compiled once. */
  readonly pattern: RegExp
  /** Optional check on the match (checksums); false keeps the text. */
  readonly validate?: (match: string) => boolean
  /** Builds the replacement from the match and its groups; default `[REDACTED:<name>]`. */
  readonly replace?: (match: string, ...groups: string[]) => string
  /**
   * Necessary conditions, checked in one pass over the string before any
   * regexp runs: every match contains at least one character of each set
   * listed here (printable ASCII) ...
   */
  readonly requires?: readonly string[]
  /** ... and at least this many digits. A pattern with neither runs on every string. */
  readonly minDigits?: number
  /**
   * Every match contains `text` and starts at most `within` characters
   * before it: the search starts there instead of at the beginning (an email
   * is found from its '@', not by trying every earlier position).
   */
  readonly startsNear?: { readonly text: string; readonly within: number }
}

const label = (name: string): string => `[REDACTED:${name}]`

/** Card brands' number ranges (IIN) and lengths: a Luhn pass alone would hit 1 in 10 ordinary numbers. */
const CARD =
  /(?<![\w-])(?:4\d{3}|5[1-5]\d{2}|2(?:2[2-9][1-9]|[3-6]\d{2}|7[01]\d|720)|3[47]\d{2}|6(?:011|5\d{2}|4[4-9]\d)|35(?:2[89]|[3-8]\d))(?:[ -]?\d){9,15}(?![\w-])/g

export const BUILT_IN_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'private-key',
    requires: ['K', '-'],
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { name: 'jwt', requires: ['J', '.'], pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  {
    name: 'bearer',
    requires: ['BTD', ' '],
    pattern: /\b(Bearer|Basic|Token|Digest)( +)[A-Za-z0-9._~+/=-]{8,}/g,
    replace: (_m, scheme, space) => `${scheme}${space}${label(String(scheme).toLowerCase())}`,
  },
  {
    name: 'url-password',
    requires: [':', '/', '@'],
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s@]{1,256}:)([^@\s/]{1,256})(@)/gi,
    replace: (_m, before, _pw, at) => `${before}${label('url-password')}${at}`,
  },
  {
    name: 'url-secret',
    requires: ['='],
    // A query string with or without its '?' (OpenTelemetry's url.query has none), or name=value in text.
    pattern:
      /(^|[?&;\s])((?:access_token|refresh_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|code)=)[^&#\s"']+/gi,
    replace: (_m, separator, name) => `${separator}${name}${label('url-secret')}`,
  },
  {
    name: 'slack-webhook',
    requires: [':', '/', '.'],
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{8,}/g,
  },
  { name: 'aws-access-key', requires: ['A'], pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b/g },
  {
    name: 'aws-secret-key',
    requires: ['Ww', 'Kk'],
    pattern: /(aws_?secret_?access_?key\W{1,4})[A-Za-z0-9/+=]{40}\b/gi,
    replace: (_m, prefix) => `${prefix}${label('aws-secret-key')}`,
  },
  {
    name: 'github-token',
    requires: ['_', 'g'],
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  },
  { name: 'gitlab-token', requires: ['-', 'g'], pattern: /\bgl(?:pat|dt|ptt|rt|soat)-[A-Za-z0-9_-]{20,}\b/g },
  { name: 'slack-token', requires: ['x', '-'], pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { name: 'stripe-key', requires: ['_', 'k'], pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { name: 'google-api-key', requires: ['I', 'z'], pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'npm-token', requires: ['_', 'm'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: 'sendgrid-key', requires: ['G', '.'], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { name: 'card', minDigits: 13, pattern: CARD, validate: (m) => passesLuhn(m.replace(/[ -]/g, '')) },
  {
    name: 'iban',
    minDigits: 2,
    requires: ['ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    validate: passesIbanMod97,
  },
  {
    name: 'ssn',
    minDigits: 9,
    requires: ['-'],
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g,
  },
  {
    name: 'email',
    requires: ['@', '.'],
    startsNear: { text: '@', within: 64 },
    pattern: /\b([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})\b/g,
    replace: (_m, local, domain) => `${String(local).slice(0, 1)}***@${domain}`,
  },
  {
    name: 'phone',
    minDigits: 5,
    requires: ['+-'],
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?![\w-])/g,
  },
]
