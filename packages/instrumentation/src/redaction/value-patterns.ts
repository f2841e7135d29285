// Secrets and personal data recognised by what the value looks like, wherever
// it sits. Each pattern is linear-time (no nested quantifiers over the same
// characters) and names its family in the replacement.
import { passesIbanMod97, passesLuhn } from './checksums.ts'
import { EMAIL, maskEmail, redactEmails } from './emails.ts'
import { COMMAND_LINE_PATTERNS } from './command-lines.ts'
import { NATIONAL_ID_PATTERNS } from './national-ids.ts'
import { PATH_TOKEN_PATTERNS } from './path-tokens.ts'
import { PASSWORD_HASH_PATTERNS } from './password-hashes.ts'
import { LATER_PROVIDER_TOKEN_PATTERNS, PROVIDER_TOKEN_PATTERNS } from './provider-tokens.ts'
import { STREET_ADDRESS_PATTERNS } from './street-addresses.ts'

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
  /** ... and at least this many digits. A pattern with none of these conditions runs on every string. */
  readonly minDigits?: number
  /** ... and this many digits in one run, joined by at most two of ` -./()+` (`4111 1111 …`, `(415) 555-2671`). */
  readonly minDigitRun?: number
  /**
   * Every match contains `text` and starts at most `within` characters
   * before it: the search starts there instead of at the beginning (an email
   * is found from its '@', not by trying every earlier position).
   */
  readonly startsNear?: { readonly text: string; readonly within: number }
  /**
   * ... and one of these literal strings (case as written; a provider
   * token's prefix): the pattern stays idle unless the rarest character pair
   * of one of them occurs (pattern-triggers.ts).
   */
  readonly prefixes?: readonly string[]
  /**
   * Does the pattern's work in code instead of the exec loop, where a
   * measurement said the regexp was the cost. `pattern` and `replace` stay its
   * exact description: the trigger tests run the regexp, and a property test
   * holds the two to the same output.
   */
  readonly redact?: (text: string) => string
}

const label = (name: string): string => `[REDACTED:${name}]`

/**
 * Values after a secret's name that are words about it, not the secret ("password: required"). A whole word
 * only: a token may begin with the same letters (`OkNJT7K5…`, `setA9…`).
 */
export const NOT_A_VALUE =
  /^(?:\[REDACTED|(?:required|missing|invalid|incorrect|expired|revoked|wrong|empty|none|null|undefined|true|false|changed|reset|updated|provided|present|absent|rotated|redacted|hidden|set|unset|ok|error|failed|valid|mismatch|denied|granted|allowed|forbidden|unauthori[sz]ed|pending|skipped|disabled|enabled|succeeded|success)(?![A-Za-z0-9])|\*+$)/i

/** A month by its name or abbreviation, as dates of birth are written out. */
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?'

/**
 * A value as generated tokens are and settings are not: 20+ token characters with a capital, a small letter
 * and a digit. The test for names that hold a secret only then (`refresh`), in text and as a field's name.
 */
export const GENERATED_TOKEN = '(?=[\\w.~+-]*[A-Z])(?=[\\w.~+-]*[a-z])(?=[\\w.~+-]*\\d)[\\w.~+-]{20,512}={0,2}'

/**
 * Secret-bearing names in text: `api_key=…`, `token: …`, `"client_secret": "…"`, `routing_key=…`, `private key:
 * …`, `Authorization: …`, a password by any name (`userPassword=…`) or short name (`pass=…`, `PW: …`). An
 * Authorization scheme after the name is not the value: the bearer patterns take what follows it. Ruby's `=>`
 * and Go's `:=` separate too (`:password => "…"`, `password := "…"`), and an array key's bracket may
 * close before the sign (`$config['db_password'] = '…'`). A page's
 * token (`next_page_token=…`, `continuation_token: …`) is a cursor, not a credential.
 */
const NAMED_SECRET =
  /((?:(?<![A-Za-z0-9])(?:aws_?secret_?access_?key|secret[ _-]?access[ _-]?key|api[ _-]?(?:key|token)|apikey|private[ _-]?token|access[ _-]?token|auth[ _-]?token|refresh[ _-]?token|id[_-]?token|bearer[ _-]?token|client[ _-]?secret|secret[ _-]?key|secret|private[ _-]?key|routing[ _-]?key|integration[ _-]?key|service[ _-]?key|signing[ _-]?key|(?:app(?:lication)?|master|licen[cs]e|subscription|functions?|encryption)[ _-]?key|secret[ _-]?key[ _-]?base|webhook[ _-]?secret|(?<!(?:page|next|prev|previous|continuation|pagination|sync|cancellation)[ _-]?)token|jwt|credentials?|pwd|pw|pass|authorization)|password|passwd|passphrase)["']?\]?\s{0,3}(?:=>|:=|[:=])\s{0,3}["']?)(?!(?:bearer|basic|digest|negotiate|ntlm|ssws|apikey)\s)([^\s"',;&<>(){}]{6,512})/gi

/**
 * A secret after its name and a space, with no sign between (`invalid API key
 * 9f3c…`, `PagerDuty routing key R0…`, `aws secret key wJalr…`, `auth token
 * is …`, `Invalid API key provided: …`). Prose uses these names too ("token refresh failed"), so the value
 * must look generated (checked in the replacement).
 */
const SPACED_SECRET =
  /(?<![A-Za-z0-9])((?:aws[ _-]?)?(?:api[ _-]?(?:key|token)|access[ _-]?token|auth[ _-]?token|refresh[ _-]?token|bearer[ _-]?token|client[ _-]?secret|secret[ _-]?(?:access[ _-]?)?key|private[ _-]?(?:key|token)|routing[ _-]?key|integration[ _-]?key|service[ _-]?key|signing[ _-]?(?:key|secret)|(?:app(?:lication)?|master|encryption|subscription)[ _-]?key|webhook[ _-]?secret|session[ _-]?(?:cookie|id|token)|cookie|token|secret|password|passwd|passphrase|credentials?)(?:\s{1,3}(?:is|was|of|for|provided|given|used|supplied|received)\b:?)?\s{1,3}["'`]?)((?=[A-Za-z_+/.~-]*\d)[A-Za-z0-9_+/.~-]{16,512}={0,2})(?![A-Za-z0-9_+/.~=-])/gi
/**
 * A password written into a sentence (`password is hunter2`, `passwd was set
 * to Tr0ub4dor&3`, `password for bob is …`, `PASSWORD IS …`): people choose these, so they need not look generated —
 * six characters or more, with a digit or a sign, and not a state word
 * (`password is incorrect`, `password was reset`).
 */
const PASSWORD_IN_PROSE =
  /(?<![A-Za-z0-9])((?:password|passwd|passphrase)(?:\s{1,3}for(?:\s{1,3}[\w.@-]{1,64}){1,2})?(?:\s{1,3}(?:is|was|has been|(?:set|changed|reset|updated) to|now)){1,2}\s{1,3}["'`]?)([^\s"'`]{5,127}[^\s"'`.,;:!?)])/gi
/** `… with password Tr0ub4dor&3`, `using passphrase …`: the same values as above after a preposition. */
const PASSWORD_AFTER_WITH =
  /(?<![A-Za-z0-9])((?:with|using)\s{1,3}(?:the\s{1,3})?(?:password|passwd|passphrase)\s{1,3}["'`]?)([^\s"'`]{5,127}[^\s"'`.,;:!?)])/gi
const looksChosen = (value: string): boolean =>
  /[^A-Za-z]/.test(value) && !NOT_A_VALUE.test(value) && !/^\d{1,3}[a-z]*$/i.test(value)

const redactChosenPassword = (m: string, name: string, value: string): string =>
  looksChosen(value) ? `${name}${label('secret')}` : m

/** After a name and a space: letters and digits both, as generated tokens have (the digit is the regexp's). */
const looksGenerated = (value: string): boolean => /[A-Za-z]/.test(value)

/**
 * Personal numbers after their name and a space (`ssn 123456789`, `passport
 * no X1234567`, `driver's license G7666353`, `NHS number 943 476 5919`,
 * `born 1985-03-14`), and one-time codes (`your code is 482913`, `2FA code
 * 482913`): only the names that say what the number is (not `pin` or `tin`,
 * which are English words), and a value of up to three letters, then five
 * digits at least, joined as numbers are written (`G7666353`, `1984-03-12`,
 * `03/10/1956`).
 */
const SPACED_PERSONAL =
  /(?<![A-Za-z0-9])((?:date[ _-]?of[ _-]?birth|birth[ _-]?date|dob|passport(?:[ _-]?(?:no\.?|number|#))?|ssn|social[ _-]?security(?:[ _-]?(?:no\.?|number))?|tax[ _-]?(?:id|number)|national[ _-]?id(?:[ _-]?number)?|driver'?s?[ _-]?licen[cs]e(?:[ _-]?(?:no\.?|number|#))?|(?:bank[ _-]?)?account[ _-]?(?:no\.?|number)|bank[ _-]?account|geburtsdatum|geboortedatum|tfn|tax[ _-]?file[ _-]?number|abn|date[ _-]de[ _-]naissance|fecha[ _-]de[ _-]nacimiento|data[ _-]di[ _-]nascita|routing[ _-]?number|msisdn|(?:phone|mobile|tel)(?:[ _-]?(?:no\.?|number))?|bsn|burgerservicenummer|pesel|personnummer|nric|social[ _-]?insurance(?:[ _-]?(?:no\.?|number))?|born(?:\s{1,3}on)?|birthday|mrn|medical[ _-]?record(?:[ _-]?(?:no\.?|number|#))?|nhs(?:[ _-]?(?:no\.?|number))?|medicare(?:[ _-]?(?:no\.?|number))?|health[ _-]?insurance(?:[ _-]?(?:no\.?|number|id))?|sort[ _-]?code|imei|otp|(?:one[ _-]?time|verification|confirmation|security|login|sign[ _-]?in|2fa|mfa|sms|totp)[ _-]?(?:code|pin|pass(?:code|word)?)|your[ _-]?code)(?:\s{1,3}(?:is|was|of))?:?\s{1,3}#?)((?:[A-Za-z]{1,3})?\d(?:[./+-]{0,2}\d| \d){4,}[A-Za-z0-9./+-]*)/gi

/**
 * Personal numbers after their name in text: `date of birth: 1984-03-12`,
 * `passport=X1234567`, `cvv: 123`, `msisdn: 447700900123`. The value holds a
 * digit (a number, a date, an id), so `pin: required` or `otp: sent` stay.
 */
const NAMED_PERSONAL =
  /(?<![A-Za-z0-9])((?:date[ _-]?of[ _-]?birth|birth[ _-]?date|dob|passport(?:[ _-]?(?:no|number))?|cvv2?|cvc|pin|otp|ssn|social[ _-]?security(?:[ _-]?number)?|tax[ _-]?(?:id|number)|steuer[ _-]?(?:id|nummer)|i?tin|sin|national[ _-]?id|driver'?s?[ _-]?licen[cs]e(?:[ _-]?(?:no|number))?|account[ _-]?(?:no|number)|routing[ _-]?number|sort[ _-]?code|bsn|pesel|nif|nie|msisdn|birthday|mrn|medical[ _-]?record(?:[ _-]?(?:no|number))?|nhs(?:[ _-]?(?:no|number))?|medicare|imei|(?:phone|mobile|tel)(?:[ _-]?(?:no|number))?)["']?\s{0,3}[:=]\s{0,3}["']?)([A-Za-z0-9./+-]*\d[A-Za-z0-9./+-]*)/gi

/**
 * A person's name or street address after its name in text
 * (`last_name=Nguyen`, `"full_name": "Jane Doe"`, `street address: 221B
 * Baker Street`): a quoted value, or up to five words that each start with a
 * capital letter or a digit — what a name or an address line looks like.
 */
const personField = (names: string): RegExp =>
  new RegExp(
    `(?<![A-Za-z0-9])((?:${names})["']?\\s{0,3}[:=]\\s{0,3})("[^"\\n]{1,160}"|'[^'\\n]{1,160}'|[\\p{Lu}\\d][\\p{L}\\d'.-]*(?: [\\p{Lu}\\d][\\p{L}\\d'.-]*){0,4})`,
    'gu',
  )
const NAMED_PERSON_NAME = personField(
  '(?:[Ff]irst|[Ll]ast|[Ff]ull|[Gg]iven|[Ff]amily|[Mm]iddle|[Mm]aiden)[ _-]?[Nn]ame|[Ss]urname',
)
const NAMED_ADDRESS = personField(
  '(?:[Ss]treet|[Hh]ome|[Pp]ostal|[Mm]ailing)[ _-]?[Aa]ddress|[Aa]ddress[ _-]?[Ll]ine[ _-]?\\d',
)

/** Session cookies by their usual names (Express, Java, PHP, ASP.NET, Rails, Django, Laravel). */
const SESSION_COOKIE =
  /(?<![\w.-])((?:connect\.sid|sid|sessionid|session_id|session|jsessionid|phpsessid|asp\.net_sessionid|laravel_session|_[a-z0-9_]{0,40}_session|remember_token|remember_user_token|remember_[a-z]{2,12}_[0-9a-f]{20,64}|csrftoken|xsrf-token|auth_session)=)([^;\s,"'&]{6,4096})/gi

/**
 * A phone number right after a word that says it is one (`call me at 415 555
 * 2671`, `sent OTP to 447700900123`, `whatsapp: 4155552671`): any grouping,
 * bare digits too, 9–15 digits (as the regexp counts them). Only short
 * words may stand between (me, at, to…), and `call` needs one (`call me`,
 * `called`): `API call 2026 1127 0915`, `call id 1234567890` or `call took
 * 1234567890 ns` stay, and without such a word bare digits are an order.
 */
const PHONE_IN_CONTEXT =
  /(?<![A-Za-z0-9])((?:phone|tel(?:ephone)?|mobile|cell(?:phone)?|sms|otp|whatsapp|msisdn|fax|call(?:ed|ing|\s{1,3}(?:me|us|them|him|her|back|customer|user)\b)|dial(?:ed|ing)?|text(?:ed)?|contact(?:ed)?)(?:[ _-]?(?:no\.?|number|nr|#))?(?:\s{1,3}(?:me|us|them|him|her|back|customer|user|delivery|message|sent))?(?:\s{1,3}(?:at|to|on|is|was|via|from))?(?:\s{0,3}[:=])?\s{1,3}["']?)(\+?\(?\d(?:[ .()-]{0,2}\d){8,14})(?![\w-]|\.\d)/gi

/**
 * A Cookie or Set-Cookie header written into text (`Cookie: theme=dark;
 * AWSALB=…`): any cookie whose value looks generated — 16 or more token
 * characters, letters and digits both — is a session or an auth cookie,
 * whatever its name (`AWSALB`, `KEYCLOAK_IDENTITY`, `koa.sess`). Preferences
 * and attributes (`theme=dark`, `Path=/`, `Max-Age=3600`) stay.
 */
// The list starts with a cookie's name and '=' right after the header, and the match takes the rest of the
// line: one pass (a lookahead for a later '=' or digit rescanned the line from every `cookie:` of a hostile
// `cookie:cookie:…`, 0.5 s on 63 KB).
const COOKIE_HEADER_IN_TEXT = /(?<![\w-])((?:set-)?cookie:[ \t]*)([^\s;=,]{1,256}=[^\r\n]{0,8192})/gi
const GENERATED_COOKIE_VALUE = /^(?=[^=]*[A-Za-z])(?=[^=]*\d)[A-Za-z0-9_%.+/~:-]{16,4096}={0,2}$/
/** Each `name=value` of the header's list, with a generated-looking value redacted. */
function redactCookieList(list: string): string {
  return list.replace(/([^\s;=,]+=)([^;\s,]*)/g, (pair, name: string, value: string) =>
    GENERATED_COOKIE_VALUE.test(value) ? `${name}${label('session-cookie')}` : pair,
  )
}

/** Digits in a match: phone numbers have 7–15 (E.164). */
const digitCount = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++
  return n
}

/** Card brands' number ranges (IIN) and lengths: a Luhn pass alone would hit 1 in 10 ordinary numbers. */
const CARD =
  /(?<![\w-])(?:4\d{3}|5[1-5]\d{2}|2(?:2[2-9][1-9]|[3-6]\d{2}|7[01]\d|720)|3[47]\d{2}|6(?:011|5\d{2}|4[4-9]\d)|35(?:2[89]|[3-8]\d))(?:[ -]?\d){9,15}(?![\w-])/g

export const BUILT_IN_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'private-key',
    prefixes: ['-----BEGIN '],
    requires: ['K', '-'],
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    name: 'jwt',
    prefixes: ['eyJ'],
    requires: ['J', '.'],
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  },
  {
    name: 'bearer',
    requires: ['BTD', ' '],
    // '=' only as padding at the end: `token_type=Bearer password_policy=strict` is two settings, not a token.
    // `Bearer: …` too, as hand-written lines have it.
    pattern: /\b(Bearer|Basic|Token|Digest)(:? +)[A-Za-z0-9._~+/-]{8,}=*(?![\w=~+/.-])/g,
    replace: (_m, scheme, space) => `${scheme}${space}${label(String(scheme).toLowerCase())}`,
  },
  {
    name: 'url-password',
    requires: [':', '/', '@'],
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s@]{0,256}:)([^@\s/]{1,256})(@)/gi,
    replace: (_m, before, _pw, at) => `${before}${label('url-password')}${at}`,
  },
  {
    name: 'url-secret',
    requires: ['='],
    // A query string with or without its '?' (OpenTelemetry's url.query has none), or name=value in text.
    pattern:
      /(^|[?&;\s])((?:access_token|refresh_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|code)=)([^&#\s"']+)/gi,
    // `key`, `code` and `auth` also name ordinary things (`key=user:42:profile`, `code=404`): under them only a
    // value that could be a credential goes, 8+ characters of the kinds tokens and signatures are made of.
    replace: (m, separator, name, value) =>
      NOT_A_VALUE.test(String(value)) ||
      (/^(?:key|code|auth)=$/i.test(String(name)) && !/^[\w.~+/%-]{8,}={0,2}$/.test(String(value)))
        ? m
        : `${separator}${name}${label('url-secret')}`,
  },
  ...PATH_TOKEN_PATTERNS,
  {
    name: 'slack-webhook',
    prefixes: ['hooks.slack.com/'],
    requires: [':', '/', '.'],
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{8,}/g,
  },
  {
    // An access key id followed by its secret (`AKIA…:wJalr…`, `AKIA… / wJalr…`): both go.
    name: 'aws-credentials',
    prefixes: ['AKIA', 'ASIA'],
    requires: ['A'],
    minDigits: 1,
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}[\s:/|,;]{1,3}[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g,
  },
  {
    name: 'aws-access-key',
    prefixes: ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA'],
    requires: ['A'],
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b/g,
  },
  {
    name: 'aws-secret-key',
    requires: ['Ww'],
    pattern: /(aws_?secret_?access_?key\W{1,4})[A-Za-z0-9/+=]{40}\b/gi,
    replace: (_m, prefix) => `${prefix}${label('aws-secret-key')}`,
  },
  {
    name: 'github-token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    requires: ['_', 'g'],
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  },
  {
    name: 'gitlab-token',
    // Personal, deploy, pipeline-trigger, runner, service-account, CI job, feed, incoming-mail, agent and OAuth
    // application tokens (gitleaks' GitLab rules).
    prefixes: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glsoat-', 'glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-'],
    requires: ['-', 'g'],
    pattern: /\bgl(?:pat|dt|ptt|rt|soat|cbt|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,}(?![\w-])/g,
  },
  {
    name: 'slack-token',
    prefixes: ['xox'],
    requires: ['x', '-'],
    // xoxe- and xoxe.xoxp-: the refresh and configuration tokens of rotating apps.
    pattern: /\bxox(?:[abposre]|e\.xox[bp])-[A-Za-z0-9-]{10,}(?![\w-])/g,
  },
  {
    name: 'stripe-key',
    prefixes: ['_live_', '_test_'],
    requires: ['_', 'k'],
    pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  },
  { name: 'google-api-key', prefixes: ['AIza'], requires: ['I'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { name: 'npm-token', prefixes: ['npm_'], requires: ['_', 'm'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  {
    // OpenAI (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…) and Anthropic (sk-ant-api03-…) keys.
    name: 'openai-key',
    prefixes: ['sk-'],
    requires: ['k', '-'],
    minDigits: 1,
    pattern: /(?<![\w-])sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d{2}-)?[A-Za-z0-9_-]{20,200}(?![\w-])/g,
    validate: (m) => /\d/.test(m) && /[A-Za-z]/.test(m.slice(3)),
  },
  {
    name: 'pagerduty-key',
    // Both cases of p and t (the match is case-insensitive).
    requires: ['/', '.', 'tTkKpP'],
    pattern: /(pagerduty\.com\/(?:integration|services)\/)[A-Za-z0-9]{20,40}/gi,
    replace: (_m, prefix) => `${prefix}${label('pagerduty-key')}`,
  },
  { name: 'twilio-key', prefixes: ['SK'], requires: ['S', 'K'], minDigits: 4, pattern: /\bSK[0-9a-f]{32}\b/g },
  { name: 'huggingface-token', prefixes: ['hf_'], requires: ['h', '_'], pattern: /\bhf_[A-Za-z0-9]{30,40}\b/g },
  {
    name: 'shopify-token',
    prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    requires: ['_', 's'],
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g,
  },
  { name: 'digitalocean-token', prefixes: ['_v1_'], requires: ['_', 'd'], pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  ...PROVIDER_TOKEN_PATTERNS,
  // After every other prefixed pattern: pairs take gate bits in order, and these keep the others' bits as they were.
  {
    // The other Authorization schemes that carry a credential: Okta's SSWS, Elasticsearch's ApiKey, Kerberos and NTLM.
    name: 'bearer',
    prefixes: ['SSWS ', 'ApiKey ', 'Negotiate ', 'NTLM '],
    requires: [' '],
    pattern: /\b(SSWS|ApiKey|Negotiate|NTLM)( +)[A-Za-z0-9._~+/-]{16,}=*(?![\w=~+/.-])/g,
    replace: (_m, scheme, space) => `${scheme}${space}${label('bearer')}`,
  },
  {
    name: 'session-cookie',
    requires: ['='],
    pattern: SESSION_COOKIE,
    replace: (m, name, value) => (NOT_A_VALUE.test(String(value)) ? m : `${name}${label('session-cookie')}`),
  },
  {
    name: 'session-cookie',
    // Every match has the header's colon and a cookie's '='.
    requires: [':', '='],
    pattern: COOKIE_HEADER_IN_TEXT,
    replace: (_m, header, list) => `${header}${redactCookieList(String(list))}`,
  },
  {
    name: 'named-secret',
    // Every name above has a t, k or p.
    requires: [':=', 'tTkKpP'],
    pattern: NAMED_SECRET,
    replace: (m, name, value) => (NOT_A_VALUE.test(String(value)) ? m : `${name}${label('secret')}`),
  },
  {
    name: 'named-secret',
    // Every name it knows holds a k (key, token), a c (secret, credential) or a p (password). Not `prefixes`:
    // lower-case word pairs are common in prose, and pairs share bits with the provider tokens' gates.
    requires: [' ', 'kKcCpP'],
    minDigits: 1,
    pattern: SPACED_SECRET,
    replace: (m, name, value) => (looksGenerated(String(value)) ? `${name}${label('secret')}` : m),
  },
  {
    name: 'named-secret',
    // Each name holds an s, a p (in both sets below) and a space follows it.
    requires: [' ', 's', 'kKcCpP', 'tTkKpP'],
    pattern: PASSWORD_IN_PROSE,
    replace: redactChosenPassword,
  },
  {
    name: 'named-secret',
    requires: [' ', 's', 'kKcCpP', 'tTkKpP'],
    pattern: PASSWORD_AFTER_WITH,
    replace: redactChosenPassword,
  },
  {
    // The same in capitals (`PASSWORD IS …`): one trigger set holds both cases of p, none both of s.
    name: 'named-secret',
    requires: [' ', 'S', 'kKcCpP', 'tTkKpP'],
    pattern: PASSWORD_IN_PROSE,
    replace: redactChosenPassword,
  },
  {
    name: 'person-name',
    requires: [':=', 'm'],
    pattern: NAMED_PERSON_NAME,
    replace: (_m, name) => `${name}${label('name')}`,
  },
  {
    name: 'street-address',
    requires: [':=', 'd', 'Aa'],
    pattern: NAMED_ADDRESS,
    replace: (_m, name) => `${name}${label('address')}`,
  },
  {
    // A session id after its name with a colon (`sessionId: s%3A…`); `name=value` is session-cookie's.
    name: 'session-cookie',
    requires: [':', 's'],
    // Session ids are random: two digits at least keep route templates (`/orders/:id`) from running this.
    minDigits: 2,
    pattern: /(?<![A-Za-z0-9])((?:session[ _-]?id|sid)["']?\s{0,3}:\s{0,3}["']?)([^\s"',;&<>(){}]{8,512})/gi,
    replace: (m, name, value) => (NOT_A_VALUE.test(String(value)) ? m : `${name}${label('session-cookie')}`),
  },
  {
    name: 'named-personal',
    requires: [':='],
    minDigits: 1,
    pattern: NAMED_PERSONAL,
    // A one- or two-character value is a count or a flag ("pin: 3 tries left"), not a number that identifies.
    replace: (m, name, value) => (String(value).length < 3 ? m : `${name}${label('personal')}`),
  },
  {
    name: 'named-personal',
    requires: [' '],
    minDigitRun: 5,
    pattern: SPACED_PERSONAL,
    replace: (_m, name) => `${name}${label('personal')}`,
  },
  {
    name: 'sendgrid-key',
    prefixes: ['SG.'],
    requires: ['G', '.'],
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/g,
  },
  { name: 'card', minDigitRun: 13, pattern: CARD, validate: (m) => passesLuhn(m.replace(/[ -]/g, '')) },
  {
    name: 'iban',
    minDigits: 2,
    requires: ['ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    validate: passesIbanMod97,
  },
  {
    name: 'ssn',
    minDigitRun: 9,
    requires: ['-'],
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g,
  },
  {
    // A US taxpayer id for those without an SSN (ITIN): the 9xx area the SSN pattern leaves out, and the
    // group ranges the IRS issues (50–65, 70–88, 90–92, 94–99).
    name: 'ssn',
    minDigitRun: 9,
    requires: ['-'],
    pattern: /(?<![\w-])9\d{2}-(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])-\d{4}(?![\w-])/g,
  },
  {
    // The same number spaced (`219 09 9999`), as forms and scanned documents write it.
    name: 'ssn',
    minDigitRun: 9,
    requires: [' '],
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3} (?!00)\d{2} (?!0000)\d{4}(?![\w-])/g,
  },
  ...NATIONAL_ID_PATTERNS,
  ...STREET_ADDRESS_PATTERNS,
  {
    name: 'email',
    requires: ['@', '.'],
    startsNear: { text: '@', within: 64 },
    pattern: EMAIL,
    replace: (_m, local, domain) => maskEmail(String(local), String(domain)),
    redact: redactEmails,
  },
  {
    // International (+ and 7–15 digits, any grouping: +14155552671, +44 7911 123456, +49 (30) 1234-5678),
    // and North American national forms ((415) 555-2671, 415-555-2671, 415.555.2671).
    name: 'phone',
    minDigitRun: 7,
    requires: ['+-.()'],
    pattern:
      /(?<![\w+])(?:\+[1-9](?:[ .()-]{0,2}\d){6,14}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}([.-])\d{3}\1\d{4})(?![\w-]|\.\d)/g,
    validate: (m) => {
      const n = digitCount(m)
      return n >= 7 && n <= 15
    },
  },
  {
    // French-style national numbers: a trunk 0 and four pairs (06 12 34 56 78, 01.45.67.89.10).
    name: 'phone',
    minDigitRun: 10,
    pattern: /(?<![\w.+-])0[1-9]([ .])\d{2}(?:\1\d{2}){3}(?![\w.-])/g,
  },
  {
    // National numbers with a trunk 0 and spaces (07911 123456, 020 7946 0958, 030 12345678, 0151 23456789):
    // 10–12 digits.
    name: 'phone',
    // The regexp's shortest match has nine digits; the validation asks for ten.
    minDigitRun: 9,
    requires: [' '],
    pattern: /(?<![\w.+-])0\d{2,4} \d{3,4} ?\d{3,5}(?![\w.-])/g,
    validate: (m) => {
      const n = digitCount(m)
      return n >= 10 && n <= 12
    },
  },
  {
    // A trunk 0 and a dash (06-12345678, 030-1234567): 10–11 digits.
    name: 'phone',
    // The regexp's shortest match has eight digits; the validation asks for ten.
    minDigitRun: 8,
    requires: ['-'],
    pattern: /(?<![\w.+-])0[1-9]\d{0,3}-\d{6,8}(?![\w.-])/g,
    validate: (m) => {
      const n = digitCount(m)
      return n >= 10 && n <= 11
    },
  },
  {
    name: 'phone',
    minDigitRun: 9,
    pattern: PHONE_IN_CONTEXT,
    replace: (_m, name) => `${name}${label('phone')}`,
  },
  {
    // A North American number written with spaces only (415 555 2671), as a whole value: a valid area code and
    // exchange (first digit 2–9, not N11). Inside text, `batch 200 300 4000 rows` is three counts: there the
    // pattern above asks for a word first.
    name: 'phone',
    minDigitRun: 10,
    requires: [' '],
    pattern: /^[2-9](?!11)\d{2} [2-9](?!11)\d{2} \d{4}$/g,
  },
  {
    // National numbers with a trunk 0 in parentheses: (02) 9876 5432, (030) 1234567. (With two dashes,
    // 03-1234-5678, they are shaped like document numbers, 01-2026-1234: left out.)
    name: 'phone',
    // The regexp's shortest match has eight digits; the validation asks for nine.
    minDigitRun: 8,
    // The phone pattern's set (a set of its own would take one of the trigger's few bits).
    requires: ['+-.()'],
    pattern: /(?<![\w.+-])\(0\d{1,4}\) ?\d{3,4}[ -]?\d{3,4}(?![\w.-])/g,
    validate: (m) => {
      const n = digitCount(m)
      return n >= 9 && n <= 11
    },
  },
  {
    // The international prefix written 00 (0049 30 1234567, 0044-20-7946-0958): a separator after the
    // country code, 9–15 digits after the 00.
    name: 'phone',
    minDigitRun: 9,
    // At most two characters between digits, as the trigger's digit runs count them.
    pattern: /(?<![\w.+-])00[1-9]\d{0,2}[ -][.()-]?\d(?:[ .()-]{0,2}\d){5,12}(?![\w-]|\.\d)/g,
  },
  // Last: their prefixes take pair bits after every other pattern's, so the others keep theirs.
  ...COMMAND_LINE_PATTERNS,
  {
    // A card's security code or a PIN after its name and a space (`cvv 123`, `PIN 4821`): 3–8 digits alone.
    name: 'named-personal',
    // Gated on the names as written (`pin` alone would wake on every "in"): `pin 4821` in lower case is not.
    prefixes: ['cvv', 'CVV', 'Cvv', 'cvc', 'CVC', 'PIN', 'Pin'],
    requires: [' ', 'kKcCpP'],
    minDigits: 3,
    pattern:
      /(?<![A-Za-z0-9])((?:[cC]vv2?|CVV2?|cvc2?|CVC2?|P(?:IN|in))(?:\s{1,3}(?:is|was|code))?\s{1,3})(\d{3,8})(?![\w.:/-])/g,
    replace: (_m, name) => `${name}${label('personal')}`,
  },
  {
    // An Express (connect) signed session cookie's value as it is logged without its name: `s:` (or its
    // percent-encoding) + the id + `.` + the signature, both long.
    name: 'session-cookie',
    prefixes: ['s%3A', 's:'],
    requires: ['.'],
    pattern: /(?<![A-Za-z0-9])s(?::|%3A)[A-Za-z0-9_-]{20,}\.[A-Za-z0-9+/_-]{20,}(?:%3D|=){0,2}/g,
  },
  ...PASSWORD_HASH_PATTERNS,
  ...LATER_PROVIDER_TOKEN_PATTERNS,
  {
    // The scheme in lower case or capitals, as some clients and hand-written lines send it. Prose has these
    // words too (`the bearer of`, `basic plan since 2024-06-01T10:00`): only a value of 16+ token characters
    // with a digit and a letter, not running on into a colon.
    name: 'bearer',
    // Gated on the words with their space (the rarest pair of each), as the scheme words are common in prose.
    prefixes: ['bearer ', 'basic ', 'BEARER ', 'BASIC '],
    requires: [' '],
    minDigits: 1,
    pattern:
      /\b(bearer|basic|BEARER|BASIC)(:? +)(?=[A-Za-z._~+/-]*\d)(?=[0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{16,}=*(?![\w=~+/.:-])/g,
    replace: (_m, scheme, space) => `${scheme}${space}${label(String(scheme).toLowerCase())}`,
  },
  {
    // A date of birth written with its month's name, after a name that says it is one (`born on March 14,
    // 1985`, `date of birth: 14 March 1985`, `DOB Mar 14 1985`); dates in digits are named-personal's.
    name: 'named-personal',
    prefixes: ['birth', 'Birth', 'BIRTH', 'born', 'Born', 'dob', 'DOB', 'Dob'],
    requires: [' '],
    minDigits: 5,
    pattern: new RegExp(
      `(?<![A-Za-z0-9])((?:date[ _-]?of[ _-]?birth|birth[ _-]?date|dob|born(?:\\s{1,3}on)?|birthday)(?:\\s{1,3}(?:is|was))?:?\\s{1,3})(${MONTH}\\s{1,3}\\d{1,2}(?:st|nd|rd|th)?,?\\s{1,3}\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s{1,3}(?:of\\s{1,3})?${MONTH},?\\s{1,3}\\d{4})(?![\\w-])`,
      'gi',
    ),
    replace: (_m, name) => `${name}${label('personal')}`,
  },
  {
    // A US employer identification number after its name, in capitals as forms write it (`EIN: 12-3456789`;
    // lower-case `ein` is a German word): the 2-7 digit shape only.
    name: 'named-personal',
    prefixes: ['EIN', 'employer identification', 'Employer Identification'],
    requires: ['-'],
    minDigitRun: 9,
    pattern:
      /(?<![A-Za-z0-9])((?:F?EIN|[Ee]mployer [Ii]dentification [Nn]umber)(?:\s{1,3}(?:no\.?|number|#))?:?\s{1,3})(\d{2}-\d{7})(?![\w-])/g,
    replace: (_m, name) => `${name}${label('personal')}`,
  },
  {
    // A refresh token under the bare name (`refresh: …`, `"refresh": "…"`): `refresh` names a setting as
    // often (`refresh: 30s`, `refresh=true`), so only a value of 20+ token characters with a capital, a small
    // letter and a digit, as generated tokens have.
    name: 'named-secret',
    prefixes: ['refresh', 'Refresh', 'REFRESH'],
    requires: [':='],
    minDigits: 1,
    pattern: new RegExp(
      `(?<![A-Za-z0-9_])((?:refresh|Refresh|REFRESH)["']?\\s{0,3}[:=]\\s{0,3}["']?)(${GENERATED_TOKEN})(?![\\w.~+=/-])`,
      'g',
    ),
    replace: (_m, name) => `${name}${label('secret')}`,
  },
]
