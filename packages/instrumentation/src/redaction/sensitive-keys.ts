// Keys whose values are secret whatever they look like. Keys are compared
// case-insensitively with separators removed (`X-Api-Key`, `api_key`, `apiKey`
// are one key), and a sensitive word counts only when nothing but a secret
// form of it follows (`db_password`, `passwordHash`, `password2` — but not
// `password_policy`, `token_count`, `secret_type`, which describe a secret
// and hold an ordinary value). Strong words match anywhere before that;
// weak words (token, cookie, phone…) only from the start of a name part, so
// `author` and `hotel` stay readable.

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
  'sessid', // PHPSESSID
  'credential',
  'routingkey',
  'integrationkey',
  'servicekey',
  'signingkey',
  'encryptionkey',
  'accountkey', // Azure storage (AccountKey=… in connection strings)
  'webhookurl',
  'connectionstring',
  'phonenumber',
  'dateofbirth',
  'passportnumber',
  'accountnumber',
  'nationalid',
  'nationalinsurance',
  'ninumber', // the UK's National Insurance number (`ni_number`)
  'taxid',
  'driverslicense',
  'socialinsurance',
  'iban',
  // Plurals that hold the secrets themselves (`credentials: "admin:pw"`); `tokens` stays: a count, in LLM logs.
  'credentials',
  'secrets',
  'passwords',
  // Personal data by name (what DLP tools classify as a person's name, address, bank and id numbers).
  'firstname',
  'lastname',
  'fullname',
  'surname',
  'givenname',
  'familyname',
  'middlename',
  'maidenname',
  'streetaddress',
  'homeaddress',
  'addressline',
  'postaladdress',
  'mailingaddress',
  'shippingaddress',
  'billingaddress',
  'deliveryaddress',
  'routingnumber',
  'sortcode',
  'bankaccount',
  'driverlicense',
  'drivinglicense',
  'drivinglicence',
  'taxnumber',
  'steuerid',
  'steuernummer',
  'personnummer',
  'codicefiscale',
  // Keys that are the secret under other names: Datadog's application key, master and licence keys, Azure's
  // subscription and function keys, Rails' secret_key_base, SAML assertions, MFA recovery codes.
  'appkey',
  'applicationkey',
  'masterkey',
  'licensekey',
  'licencekey',
  'subscriptionkey',
  'functionskey',
  'secretkeybase',
  'samlresponse',
  'samlassertion',
  'recoverycode',
  'backupcode',
  // OAuth and webhook secrets under their own names, Honeycomb's key header, wallet recovery phrases, security
  // answers, health and voter ids (DLP's health-record and government-id categories).
  // Tokens inside one-word header names (`X-Amzn-Oidc-Accesstoken`), where `token` starts no name part, and the
  // identity assertions proxies forward (`X-Goog-Iap-Jwt-Assertion`, `X-Amzn-Oidc-Data`).
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'apitoken',
  'bearertoken',
  'jwtassertion',
  'oidcdata',
  'codeverifier',
  'authorizationcode',
  'clientassertion',
  'hmackey',
  'honeycombteam',
  'mnemonic',
  'seedphrase',
  'recoveryphrase',
  'walletseed',
  'securityanswer',
  'secretanswer',
  'medicalrecord',
  'healthinsurance',
  'insurancenumber',
  'licensenumber',
  'licencenumber',
  'voterid',
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
  'phone',
  'mobile',
  'msisdn',
  'telephone',
  'tel',
  'fax',
  'dob',
  'passport',
  'nino',
  'cpf',
  'pan',
  'aadhaar',
  'nir',
  'dni',
  'birthdate',
  'sid',
  // Session cookies by name: `session`, `laravel_session`, `_myapp_session`, `session_key` (not `session_count`).
  'session',
  'dsn',
  // National numbers by their usual short names: Canadian SIN, US ITIN/TIN, Dutch BSN, Polish PESEL,
  // Spanish/Portuguese NIF/NIE, Mexican CURP, the UK's NHS number.
  'sin',
  'itin',
  'tin',
  'bsn',
  'pesel',
  'nif',
  'nie',
  'curp',
  'nhs',
  'nric',
  // Australia's tax file number, Finland's personal identity code (henkilötunnus).
  'tfn',
  'taxfilenumber',
  'hetu',
  // A US employer identification number (`ein`, `fein`, `employer_ein`) as a whole name part.
  'ein',
  'fein',
  // Short names a password or a credential goes by (`db_pass`, `pw`, `creds`, `bearer`), and personal numbers:
  // medical record, UK National Insurance, device (IMEI), Medicare, a birthday.
  'pass',
  'pw',
  'creds',
  'bearer',
  'mrn',
  'nin',
  'imei',
  'medicare',
  'birthday',
]
/**
 * Names that end in a sensitive word and hold an ordinary value: pagination cursors (`next_page_token`, AWS's
 * `NextToken`, `continuation_token`), sync and cancellation tokens.
 */
const ORDINARY_ENDINGS = [
  'pagetoken',
  'nexttoken',
  'prevtoken',
  'previoustoken',
  'continuationtoken',
  'paginationtoken',
  'synctoken',
  'cancellationtoken',
]

/** What may follow a sensitive word and still name the secret itself. */
const SECRET_TAIL = new Set([
  '',
  'value',
  'raw',
  'plain',
  'plaintext',
  'header',
  'string',
  'str',
  'b64',
  'base64',
  'hex',
  'encoded',
  'data',
  'hash',
  'hashed',
  'digest',
  'salt',
  'current',
  'new',
  'old',
  'confirm',
  'confirmation',
  'again',
  'no',
  'number',
  'num',
  '1',
  '2',
  'v1',
  'v2',
  // `secret_key`, `auth_key`, `token_key`: a key that is the secret.
  'key',
])

export type KeyMatcher = (key: string) => string | undefined

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Where name parts start in the normalized key: after a separator, at a lower→upper or letter→digit change. */
function partStarts(key: string): Set<number> {
  const starts = new Set<number>([0])
  let at = 0
  let previous = ''
  for (const ch of key) {
    if (!/[A-Za-z0-9]/.test(ch)) {
      starts.add(at)
      previous = ''
      continue
    }
    if ((/[a-z]/.test(previous) && /[A-Z]/.test(ch)) || (/[A-Za-z]/.test(previous) && /[0-9]/.test(ch))) starts.add(at)
    at++
    previous = ch
  }
  return starts
}

/** The word when it occurs in `normalized` followed only by a secret form of it (and, for weak words, at a part start). */
function sensitiveAt(normalized: string, word: string, starts: Set<number> | undefined): boolean {
  for (let i = normalized.indexOf(word); i !== -1; i = normalized.indexOf(word, i + 1)) {
    if (starts && !starts.has(i)) continue
    if (SECRET_TAIL.has(normalized.slice(i + word.length))) return true
  }
  return false
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
    if (!allowed.has(normalized) && !ORDINARY_ENDINGS.some((ending) => normalized.endsWith(ending))) {
      const starts = partStarts(key)
      hit =
        strong.find((word) => sensitiveAt(normalized, word, undefined)) ??
        WEAK.find((word) => sensitiveAt(normalized, word, starts))
      if (!hit && extraRegexps.some((r) => r.test(key))) hit = 'key'
    }
    if (cache.size < 10_000) cache.set(key, hit ?? '')
    return hit
  }
}
