import {
  passesChineseIdCheck,
  passesCodiceFiscale,
  passesCpf,
  passesCurp,
  passesDniLetter,
  passesKoreanRrn,
  passesLuhnOfDigits,
  passesNirKey,
  passesNric,
  passesVerhoeff,
} from '../../src/redaction/checksums.ts'

// TEST UTILITY — a labelled redaction corpus, generated from a seed: secret
// and personal-data families × the placements a service logs them in, and
// look-alike ordinary values that must survive. Values are assembled at run
// time (no literal secrets in the repository for scanners to flag).

export type Placement = 'field' | 'unrelated-field' | 'message' | 'nested' | 'error' | 'header' | 'url'

export interface Case {
  family: string
  placement: Placement
  /** pino-style call: fields and message. */
  fields: Record<string, unknown>
  msg: string
  /** The text that must not appear in the output (secrets), or must (ordinary values). */
  needle: string
  secret: boolean
}

export function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'

interface Family {
  name: string
  /** The secret value. */
  value: (r: () => number) => string
  /** A field name that says what it holds. */
  key: string
  /** Whether the value identifies itself (can be found in an unrelated field or bare in text). */
  selfEvident: boolean
  /** How it appears in a message or error when not self-evident: with its name. */
  inText?: (v: string) => string
  /** A header it travels in, if any. */
  header?: (v: string) => [string, string]
  /** A URL carrying it, if any. */
  url?: (v: string) => string
}

export function corpus(seed: number): Case[] {
  const r = seeded(seed)
  const pick = (chars: string, n: number): string =>
    Array.from({ length: n }, () => chars[Math.floor(r() * chars.length)]).join('')
  const digits = (n: number): string => pick('0123456789', n)
  const oneOf = (choices: readonly string[]): string => choices[Math.floor(r() * choices.length)]!
  /** A value of the shape whose check digit is wrong (drawn until the check fails). */
  const failing = (make: () => string, check: (v: string) => boolean): string => {
    for (;;) {
      const v = make()
      if (!check(v)) return v
    }
  }
  const luhnCard = (prefix: string, length: number): string => {
    const body = prefix + digits(length - prefix.length - 1)
    let sum = 0
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i])
      if (i % 2 === 0) {
        d *= 2
        if (d > 9) d -= 9
      }
      sum += d
    }
    return body + String((10 - (sum % 10)) % 10)
  }
  const families: Family[] = [
    {
      name: 'jwt',
      key: 'id_token',
      selfEvident: true,
      value: () => `eyJ${pick(ALNUM, 20)}.eyJ${pick(ALNUM, 40)}.${pick(ALNUM, 43)}`,
      header: (v) => ['authorization', `Bearer ${v}`],
    },
    {
      name: 'github-token',
      key: 'github_token',
      selfEvident: true,
      value: () => `ghp_${pick(ALNUM, 36)}`,
      url: (v) => `https://${v}@github.com/org/repo.git`,
    },
    {
      name: 'gitlab-token',
      key: 'gitlab_token',
      selfEvident: true,
      value: () => `glpat-${pick(ALNUM, 20)}`,
      url: (v) => `https://oauth2:${v}@gitlab.example.com/group/app.git`,
    },
    {
      name: 'slack-token',
      key: 'slack_bot_token',
      selfEvident: true,
      value: () => `xoxb-${digits(12)}-${digits(13)}-${pick(ALNUM, 24)}`,
    },
    {
      name: 'slack-webhook',
      key: 'webhook_url',
      selfEvident: true,
      value: () => `https://hooks.slack.com/services/T${pick(ALNUM, 8)}/B${pick(ALNUM, 8)}/${pick(ALNUM, 24)}`,
    },
    { name: 'stripe-key', key: 'stripe_key', selfEvident: true, value: () => `sk_live_${pick(ALNUM, 24)}` },
    {
      name: 'aws-access-key',
      key: 'aws_access_key_id',
      selfEvident: true,
      value: () => `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    },
    {
      name: 'aws-secret-key',
      key: 'aws_secret_access_key',
      selfEvident: false,
      value: () => pick(`${ALNUM}/+`, 40),
      inText: (v) => `aws_secret_access_key=${v}`,
    },
    { name: 'google-api-key', key: 'maps_api_key', selfEvident: true, value: () => `AIza${pick(`${ALNUM}_-`, 35)}` },
    {
      name: 'openai-key',
      key: 'openai_api_key',
      selfEvident: true,
      value: () => `sk-proj-${pick(`${ALNUM}_-`, 20 + Math.floor(r() * 120))}${digits(2)}`,
      header: (v) => ['authorization', `Bearer ${v}`],
    },
    {
      name: 'pagerduty-routing-key',
      key: 'routing_key',
      selfEvident: false,
      value: () => pick(HEX, 32),
      inText: (v) => `enqueue failed for routing_key=${v}`,
    },
    { name: 'npm-token', key: 'npm_token', selfEvident: true, value: () => `npm_${pick(ALNUM, 36)}` },
    {
      name: 'private-key',
      key: 'tls_key',
      selfEvident: true,
      value: () => `-----BEGIN PRIVATE KEY-----\n${pick(ALNUM, 64)}\n-----END PRIVATE KEY-----`,
    },
    { name: 'card', key: 'card_number', selfEvident: true, value: () => luhnCard('4', 16) },
    {
      name: 'ssn',
      key: 'ssn',
      selfEvident: true,
      value: () => `${100 + Math.floor(r() * 500)}-${10 + Math.floor(r() * 89)}-${1000 + Math.floor(r() * 8999)}`,
    },
    {
      name: 'email',
      key: 'email',
      selfEvident: true,
      value: () => `${pick('abcdefghij', 6)}.${pick('klmnop', 4)}@example.org`,
    },
    { name: 'phone-e164', key: 'phone', selfEvident: true, value: () => `+1415${digits(7)}` },
    { name: 'phone-intl', key: 'mobile', selfEvident: true, value: () => `+44 7${digits(3)} ${digits(6)}` },
    {
      name: 'phone-us',
      key: 'phone_number',
      selfEvident: true,
      value: () => `(${200 + Math.floor(r() * 700)}) ${200 + Math.floor(r() * 700)}-${1000 + Math.floor(r() * 8999)}`,
    },
    { name: 'phone-uk-national', key: 'telephone', selfEvident: true, value: () => `020 7${digits(3)} ${digits(4)}` },
    {
      // Express's signed cookie: `s:` percent-encoded, the id, a dot, the signature — evident without its name.
      name: 'session-cookie',
      key: 'cookie',
      selfEvident: true,
      value: () => `s%3A${pick(ALNUM, 32)}.${pick(ALNUM, 20)}`,
      inText: (v) => `connect.sid=${v}`,
      header: (v) => ['cookie', `theme=dark; connect.sid=${v}; lang=en`],
    },
    {
      name: 'php-session',
      key: 'set_cookie',
      selfEvident: false,
      value: () => pick('abcdefghijklmnopqrstuv0123456789', 26),
      inText: (v) => `PHPSESSID=${v}; path=/; HttpOnly`,
      header: (v) => ['set-cookie', `PHPSESSID=${v}; path=/; HttpOnly`],
    },
    {
      name: 'api-key-in-text',
      key: 'api_key',
      selfEvident: false,
      value: () => pick(ALNUM, 32),
      inText: (v) => `calling partner with api_key: ${v}`,
      url: (v) => `https://partner.example.com/v2/rates?api_key=${v}&currency=EUR`,
    },
    {
      name: 'password-in-text',
      key: 'password',
      selfEvident: false,
      value: () => `${pick(ALNUM, 10)}!${digits(2)}`,
      inText: (v) => `login for admin with password=${v} rejected`,
      url: (v) => `postgres://app:${v}@db.internal:5432/orders`,
    },
    // Session 17: a camelCase name and a colon, as YAML and hand-written lines have them; a long flag.
    {
      name: 'camel-key-colon',
      key: 'accessKey',
      selfEvident: false,
      value: () => pick(ALNUM, 32),
      inText: (v) => `s3 client: endpoint: minio:9000, accessKey: ${v}`,
    },
    {
      name: 'cli-long-flag',
      key: 'db_password',
      selfEvident: false,
      value: () => `${pick(ALNUM, 8)}&${digits(3)}`,
      inText: (v) => `migrate step ran: tool migrate --db-password=${v} --verbose`,
    },
    // Personal data known by its field name (sensitive-keys.ts), and by its name in text when it holds digits.
    {
      name: 'person-name',
      key: 'last_name',
      selfEvident: false,
      value: () => `Ng${pick('aeiou', 1)}yen-${pick('BCDFGHJKLM', 1)}${pick('aeiou', 1)}rr`,
      inText: (v) => `profile saved for last_name=${v}`,
    },
    {
      name: 'street-address',
      key: 'street_address',
      selfEvident: false,
      value: () => `${digits(3)} ${pick('BCDFGHJKLM', 1)}${pick('aeiou', 1)}ll Road`,
      inText: (v) => `delivery street_address=${v}`,
    },
    {
      name: 'routing-number',
      key: 'routing_number',
      selfEvident: false,
      value: () => digits(9),
      inText: (v) => `ACH debit, routing number: ${v}`,
    },
    {
      name: 'canada-sin',
      key: 'sin',
      selfEvident: false,
      value: () => `${digits(3)} ${digits(3)} ${digits(3)}`,
      inText: (v) => `applicant sin: ${v.replace(/ /g, '-')}`,
    },
    {
      name: 'date-of-birth',
      key: 'dob',
      selfEvident: false,
      value: () => `19${digits(2)}-0${1 + Math.floor(r() * 9)}-1${digits(1)}`,
      inText: (v) => `age check, date of birth: ${v}`,
    },
    {
      name: 'card-cvv',
      key: 'cvv',
      selfEvident: false,
      value: () => digits(3),
      inText: (v) => `3-D Secure step, cvv=${v}`,
    },
    {
      name: 'passport-in-text',
      key: 'passport_number',
      selfEvident: false,
      value: () => `${pick('ABCDEFGHJKLMNPRSTUVWXYZ', 1)}${digits(8)}`,
      inText: (v) => `traveller passport: ${v}`,
    },
    {
      name: 'credentials',
      key: 'credentials',
      selfEvident: false,
      value: () => `svc-${pick('abcdefgh', 4)}:${pick(ALNUM, 14)}`,
      inText: (v) => `basic auth from credentials=${v}`,
    },
    {
      name: 'camel-password',
      key: 'dbPassword',
      selfEvident: false,
      value: () => `${pick(ALNUM, 12)}#${digits(2)}`,
      inText: (v) => `connecting with dbPassword: ${v}`,
    },
    // Session 13: written the way a probe outside the rules' own tests found them missed — a name and a space
    // before the value, French national phone numbers, cookie names by framework, JSON and logfmt in text.
    {
      name: 'phone-fr',
      key: 'telephone_mobile',
      selfEvident: true,
      value: () => `0${pick('67', 1)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    },
    {
      name: 'api-key-spaced',
      key: 'partner_api_key',
      selfEvident: false,
      value: () => `${pick(ALNUM, 14)}${digits(2)}${pick(ALNUM, 14)}`,
      inText: (v) => `partner rejected API key ${v} for tenant 7`,
    },
    {
      name: 'routing-key-spaced',
      key: 'pd_routing_key',
      selfEvident: false,
      value: () => pick(HEX, 32),
      inText: (v) => `PagerDuty routing key ${v} is disabled`,
    },
    {
      name: 'aws-secret-object',
      key: 'secretAccessKey',
      selfEvident: false,
      value: () => `${pick(`${ALNUM}/+`, 38)}${digits(2)}`,
      inText: (v) => `client config { region: 'eu-west-1', secretAccessKey: '${v}' }`,
    },
    {
      name: 'ssn-spaced',
      key: 'ssn',
      selfEvident: false,
      value: () => `${1 + Math.floor(r() * 8)}${digits(8)}`,
      inText: (v) => `identity check for ssn ${v} passed`,
    },
    {
      name: 'framework-session',
      key: 'laravel_session',
      selfEvident: false,
      value: () => `eyJpdiI6${pick(ALNUM, 48)}`,
      inText: (v) => `laravel_session=${v}; path=/; httponly`,
      header: (v) => ['cookie', `XSRF-TOKEN=abc; laravel_session=${v}`],
    },
    {
      name: 'msisdn-logfmt',
      key: 'msisdn',
      selfEvident: false,
      value: () => `447${digits(9)}`,
      inText: (v) => `event=otp_sent msisdn=${v} status=ok`,
    },
    {
      name: 'token-json-in-text',
      key: 'access_token',
      selfEvident: false,
      value: () => pick(`${ALNUM}-_`, 40),
      inText: (v) => `token endpoint answered {"access_token":"${v}","token_type":"Bearer","expires_in":3600}`,
    },
    // Session 16: a password on a command line and in XML, one-time codes, health and device numbers.
    {
      name: 'cli-password',
      key: 'db_pass',
      selfEvident: false,
      value: () => `${pick(ALNUM, 12)}${digits(2)}`,
      inText: (v) => `backup step ran: mysqldump -u backup -p${v} --single-transaction shop`,
    },
    {
      name: 'curl-user-password',
      key: 'pw',
      selfEvident: false,
      value: () => `${pick(ALNUM, 10)}${digits(3)}`,
      inText: (v) => `probe: curl -sf -u monitor:${v} https://status.internal/health`,
    },
    {
      name: 'xml-password',
      key: 'password',
      selfEvident: false,
      value: () => `${pick(ALNUM, 10)}!${digits(2)}`,
      inText: (v) =>
        `SOAP fault for <wsse:UsernameToken><wsse:Username>svc</wsse:Username><wsse:Password Type="PasswordText">${v}</wsse:Password></wsse:UsernameToken>`,
    },
    {
      name: 'one-time-code',
      key: 'otp',
      selfEvident: false,
      value: () => `${1 + Math.floor(r() * 9)}${digits(5)}`,
      inText: (v) => `sms queued: your code is ${v}`,
    },
    {
      name: 'medical-record-number',
      key: 'mrn',
      selfEvident: false,
      value: () => digits(8),
      inText: (v) => `chart opened for MRN ${v} by clinician 7`,
    },
    {
      name: 'imei',
      key: 'imei',
      selfEvident: false,
      value: () => `35${digits(13)}`,
      inText: (v) => `device registered, IMEI: ${v}`,
    },
    {
      name: 'password-reset-link',
      key: 'reset_token',
      selfEvident: false,
      value: () => `${pick(ALNUM, 20)}${digits(2)}${pick(ALNUM, 10)}`,
      inText: (v) => `sent reset link https://shop.example.com/reset-password/${v} to user 42`,
      url: (v) => `https://shop.example.com/reset-password/${v}?utm_source=email`,
    },
    {
      // A street address written out, in any placement: English, German or Dutch, Romance and French forms.
      name: 'street-address-in-prose',
      key: 'shipping_address',
      selfEvident: true,
      value: () => {
        const name = (): string =>
          oneOf(['Evergreen', 'Baker', 'Maple', 'Cedar', 'Lakeview', 'Harbor', 'Willow', 'Kingsley'])
        const house = `${1 + Math.floor(r() * 9)}${digits(Math.floor(r() * 3))}`
        return oneOf([
          `${house} ${name()} ${oneOf(['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Boulevard', 'Terrace', 'Way'])}`,
          `${house} ${oneOf(['N.', 'South', 'E'])} ${name()} ${oneOf(['Street', 'Ave', 'Blvd'])}`,
          `${oneOf(['Linden', 'Berg', 'Kirch', 'Haupt', 'Molen'])}${oneOf(['straße', 'strasse', 'weg', 'gasse', 'straat', 'laan'])} ${house}`,
          `${oneOf(['Calle', 'Via', 'Rua', 'Piazza', 'Avenida'])} ${name()} ${house}`,
          `${house} ${oneOf(['rue', 'avenue', 'boulevard', 'quai'])} ${oneOf(['de la ', 'des ', 'du ', ''])}${name()}`,
        ])
      },
    },
    // Provider tokens of the public secret-scanning rule sets (provider-tokens.ts).
    ...providerFamilies(pick, digits),
    // National identity and tax numbers (national-ids.ts), valid check digits.
    ...nationalIdFamilies(pick, digits),
    {
      name: 'bearer',
      key: 'authorization',
      selfEvident: false,
      value: () => pick(ALNUM, 40),
      inText: (v) => `upstream said 401 for Authorization: Bearer ${v}`,
      header: (v) => ['authorization', `Bearer ${v}`],
    },
    // Session 18: the scheme in lower case, an array key closed before its sign, password hashes.
    {
      name: 'bearer-lowercase',
      key: 'authorization',
      selfEvident: false,
      value: () => `${pick(ALNUM, 20)}${digits(1)}${pick(ALNUM, 19)}`,
      inText: (v) => oneOf([`retrying with authorization: bearer ${v}`, `proxy sent basic ${v}`]),
      header: (v) => ['authorization', `bearer ${v}`],
    },
    {
      name: 'php-array-password',
      key: 'db_password',
      selfEvident: false,
      value: () => `${pick(ALNUM, 9)}${digits(2)}`,
      inText: (v) => oneOf([`$config['db_password'] = '${v}';`, `$settings["smtp_pass"] = "${v}";`]),
    },
    // Personal data a second probe found (session 18): a date of birth with its month's name, a US ITIN,
    // Finland's identity code, Australia's tax file number.
    {
      name: 'dob-month-name',
      key: 'date_of_birth',
      selfEvident: false,
      value: () =>
        `${oneOf(['January', 'March', 'Sept.', 'Oct', 'December'])} ${1 + Math.floor(r() * 28)}, 19${digits(2)}`,
      inText: (v) => oneOf([`customer born on ${v}`, `dob: ${v}`]),
    },
    {
      name: 'itin',
      key: 'itin',
      selfEvident: true,
      value: () => `9${digits(2)}-${oneOf(['50', '65', '70', '78', '88', '90', '94', '99'])}-${digits(4)}`,
    },
    {
      name: 'fi-pic',
      key: 'hetu',
      selfEvident: true,
      value: () => {
        const date = `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${digits(2)}`
        const individual = `${2 + Math.floor(r() * 7)}${digits(2)}`
        const sign = oneOf(['-', '+', 'A'])
        return `${date}${sign}${individual}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(date + individual) % 31]}`
      },
    },
    {
      name: 'au-tfn',
      key: 'tfn',
      selfEvident: false,
      value: () => `${digits(3)} ${digits(3)} ${digits(3)}`,
      inText: (v) => `payroll: TFN ${v} on file`,
    },
    {
      name: 'us-ein',
      key: 'employer_ein',
      selfEvident: false,
      value: () => `${digits(2)}-${digits(7)}`,
      inText: (v) => `W-9 received, EIN: ${v}`,
    },
    {
      name: 'refresh-bare',
      key: 'refresh',
      selfEvident: false,
      value: () =>
        `${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2)}${pick('abcdefghijklmnopqrstuvwxyz', 2)}${digits(2)}${pick(`${ALNUM}_-`, 34)}`,
      inText: (v) => oneOf([`token pair issued, refresh: ${v}`, `{"access":"short","refresh":"${v}"}`]),
    },
    {
      name: 'password-hash',
      key: 'password_hash',
      selfEvident: true,
      value: () =>
        oneOf([
          `$2b$${10 + Math.floor(r() * 5)}$${pick(`${ALNUM}./`, 53)}`,
          `$6$${pick(`${ALNUM}./`, 16)}$${pick(`${ALNUM}./`, 86)}`,
          `$apr1$${pick(`${ALNUM}./`, 8)}$${pick(`${ALNUM}./`, 22)}`,
          `$argon2id$v=19$m=65536,t=3,p=4$${pick(`${ALNUM}+/`, 22)}$${pick(`${ALNUM}+/`, 43)}`,
          `pbkdf2_sha256$${600000 + Math.floor(r() * 1000)}$${pick(ALNUM, 22)}$${pick(`${ALNUM}+/`, 43)}=`,
        ]),
    },
  ]
  const cases: Case[] = []
  for (const f of families) {
    const v = f.value(r)
    const text = f.selfEvident ? v : f.inText!(v)
    const add = (placement: Placement, fields: Record<string, unknown>, msg = 'request handled'): void => {
      cases.push({ family: f.name, placement, fields, msg, needle: v, secret: true })
    }
    add('field', { [f.key]: v })
    if (f.selfEvident) add('unrelated-field', { detail: v })
    add('message', {}, `processing order 4411: ${text} (attempt 2)`)
    add('nested', { request: { meta: { [f.key]: v } } })
    add('error', { err: new Error(`upstream call failed: ${text}`) }, 'call failed')
    if (f.header) {
      const [name, value] = f.header(v)
      add('header', { headers: { [name]: value, accept: 'application/json' } })
    }
    if (f.url) add('url', { url: f.url(v) })
    // A query parameter named for what it holds, percent-encoded as a URL builder writes it.
    else add('url', { url: `https://api.example.com/v1/lookup?${f.key}=${encodeURIComponent(v)}&page=2` })
  }
  // Look-alikes: ordinary values that must come out unchanged, in fields and in text.
  const ordinary: [family: string, key: string, value: string][] = [
    ['trace-id', 'trace_id', pick(HEX, 32)],
    ['span-id', 'span_id', pick(HEX, 16)],
    ['commit', 'commit', pick(HEX, 40)],
    ['uuid', 'request_id', `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)}`],
    ['order-number', 'order_id', `${digits(10)}`],
    ['order-ref', 'reference', `ORD-2026-${digits(6)}`],
    ['date', 'created', '2026-11-26'],
    ['timestamp', 'at', '2026-11-26T17:45:03.120Z'],
    ['ip', 'client', `10.${digits(1)}.${digits(2)}.${digits(2)}`],
    ['version', 'version', '24.11.0'],
    ['sku', 'sku', `SKU-${pick('ABCDEFGH', 3)}-${digits(5)}`],
    ['amount', 'amount', `${digits(3)}.${digits(2)}`],
    ['duration', 'duration_ms', digits(4)],
    ['password-policy', 'password_policy', 'min 12 characters, 1 digit'],
    ['token-count', 'token_count', digits(3)],
    ['secret-type', 'secret_type', 'aws-kms'],
    ['token-type', 'token_type', 'refresh'],
    ['phone-type', 'phone_type', 'mobile'],
    ['auth-method', 'auth_method', 'oidc'],
    ['author', 'author', 'Ada Lovelace'],
    ['hotel', 'hotel', 'Grand Budapest'],
    ['route', 'route', '/orders/:id/items'],
    ['session-count', 'session_count', digits(2)],
    ['zip', 'zip', digits(5)],
    ['invoice-number', 'invoice', `INV ${digits(4)} ${digits(4)}`],
    ['short-number', 'quantity', digits(2)],
    ['isbn', 'isbn', `978-${digits(1)}-${digits(3)}-${digits(5)}-${digits(1)}`],
    ['cache-key', 'cache_key', `key-${pick(HEX, 12)}`],
    ['bot-status', 'bot', `${digits(9)}:ready`],
    ['build-ref', 'build', `dapi-build-${digits(4)}`],
    // Shaped like the session-8 families without being them: a dotted handler path, a hex build tag.
    ['handler-path', 'handler', 'OrdersController.confirmCheckout.afterValidation'],
    ['image-tag', 'image', `${pick(HEX, 32)}-build${digits(2)}`],
    ['dotted-version', 'schema', 'dp.v2.orders'],
    // Shaped like the session-9 families without being them: snake-case settings, a sandbox name, a hash label.
    ['secret-setting', 'setting', 'secret_rotation_interval_days'],
    ['sandbox-name', 'environment', `access-sandbox-eu-${digits(2)}`],
    ['digest-label', 'digest', `sha256:${pick(HEX, 64)}`],
    ['api-gateway-stage', 'stage', 'API-GATEWAY-PROD-EU-WEST-1'],
    ['queue-name', 'queue', `pnu_retry_queue_${digits(2)}`],
    // Near the personal-data names without being personal data.
    ['pin-tries', 'note', 'pin: 3 tries left'],
    ['otp-state', 'note', 'otp: sent'],
    ['name-count', 'last_name_count', digits(2)],
    ['tokens-used', 'tokens', digits(4)],
    ['address-type', 'address_type', 'billing'],
    // National-id shapes whose check fails: order numbers, tickets, batch codes.
    ['cpf-shaped-ref', 'reference', failing(() => `${digits(3)}.${digits(3)}.${digits(3)}-${digits(2)}`, passesCpf)],
    [
      'aadhaar-shaped-ticket',
      'ticket',
      failing(() => `${2 + Math.floor(r() * 8)}${digits(3)} ${digits(4)} ${digits(4)}`, passesVerhoeff),
    ],
    ['dni-shaped-code', 'code', failing(() => `${digits(8)}${pick('ABCDEFGHJKLMNPQRSTVWXYZ', 1)}`, passesDniLetter)],
    ['nir-shaped-batch', 'batch', failing(() => `1${digits(2)}0${1 + Math.floor(r() * 9)}${digits(10)}`, passesNirKey)],
    // Shaped like the session-15 national numbers, check failing.
    [
      'cn-id-shaped-order',
      'order_id',
      failing(
        () => `1${digits(5)}1990${'0'}${1 + Math.floor(r() * 9)}1${1 + Math.floor(r() * 8)}${digits(4)}`,
        passesChineseIdCheck,
      ),
    ],
    [
      'sin-shaped-page',
      'pages',
      failing(() => `${1 + Math.floor(r() * 7)}${digits(2)} ${digits(3)} ${digits(3)}`, passesLuhnOfDigits),
    ],
    [
      'personnummer-shaped-ref',
      'reference',
      failing(() => `9${digits(1)}0${1 + Math.floor(r() * 9)}1${digits(1)}-${digits(4)}`, passesLuhnOfDigits),
    ],
    ['nric-shaped-ticket', 'ticket', failing(() => `S${digits(7)}${pick('ABCDEFGHIJZ', 1)}`, passesNric)],
    // Near the session-13 rules: a secret's name in prose, a key path, logfmt and JSON of ordinary values.
    ['key-rotation', 'note', `API key rotation scheduled for 2026-12-${10 + Math.floor(r() * 18)}`],
    ['token-refresh', 'note', `token refresh failed after ${digits(1)} attempts`],
    ['session-state', 'session_state', 'active'],
    ['key-path', 'lookup', `key=user:${digits(2)}:profile`],
    ['logfmt-ordinary', 'line', `method=GET status=200 duration_ms=${digits(2)} route=/orders/:id`],
    ['json-ordinary', 'body', `{"token_type":"Bearer","expires_in":${digits(4)}}`],
    ['trace-in-prose', 'note', `trace ${pick(HEX, 32)} sampled`],
    ['version-pairs', 'release', `0${digits(1)}.${digits(2)}.${digits(2)}`],
    // Near the session-16 rules: a uid and gid, a flag without a value, XML of ordinary values, counts and states.
    [
      'uid-gid',
      'cmd',
      `docker run -u ${1 + Math.floor(r() * 9)}${digits(3)}:${1 + Math.floor(r() * 9)}${digits(3)} worker`,
    ],
    ['mkdir-p', 'cmd', 'mkdir -p /var/lib/app/cache'],
    ['xml-ordinary', 'body', `<status>ok</status><count>${digits(2)}</count>`],
    ['pass-count', 'pass_count', digits(2)],
    ['code-state', 'note', 'your code is invalid'],
    // Near the street-address patterns: numbers before capitalised words, with no street type or reading on.
    ['drive-folders', 'note', `mounted ${digits(1)} Google Drive folders`],
    ['release-name', 'release', `Release ${digits(1)} Fast Lane`],
    ['thread-count', 'note', `worker ${digits(2)} Main Thread idle`],
    ['order-path', 'path', `/users/${digits(2)}/orders/${pick(ALNUM, 24)}`],
    // Near the session-17 rules: a status after `s:`, a short signed-looking pair, a key path.
    ['status-pair', 'note', `s:ok.${digits(3)} retries`],
    ['key-path', 'cache_key', `key-user-${digits(4)}-profile`],
    ['colon-ordinary', 'note', `retry: ${digits(1)} of 5, timeout: ${digits(2)}s`],
    ['no-password-flag', 'cmd', 'psql --no-password orders'],
    // Near the session-18 rules: the schemes' words in prose, dollar amounts, an ordinary array setting.
    ['bearer-prose', 'note', `the bearer of bad news: release ${digits(1)} slipped`],
    ['basic-plan', 'note', `plan basic since 2024-0${1 + Math.floor(r() * 9)}-1${digits(1)}T10:00:00Z`],
    ['dollar-amounts', 'note', `refund $${digits(2)} of $${digits(3)}, then $2 more`],
    ['php-config-ordinary', 'code', `$config['db_host'] = 'db${digits(1)}.internal';`],
    ['dates-in-prose', 'note', `born in 19${digits(2)}, release March ${1 + Math.floor(r() * 28)}, 2026`],
    ['itin-shaped-order', 'order', `9${digits(2)}-34-${digits(4)}`],
    ['refresh-setting', 'note', `dashboard refresh: ${digits(2)}s, auto refresh=true`],
  ]
  for (const [family, key, value] of ordinary) {
    cases.push({ family, placement: 'field', fields: { [key]: value }, msg: 'ok', needle: value, secret: false })
    cases.push({
      family,
      placement: 'message',
      fields: {},
      msg: `${key} ${value} processed`,
      needle: value,
      secret: false,
    })
  }
  return cases
}

/** Self-evident provider tokens: a value, and the field name a service would log it under. */
function providerFamilies(pick: (chars: string, n: number) => string, digits: (n: number) => string): Family[] {
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const B64 = `${ALNUM}+/`
  const token = (name: string, key: string, value: () => string): Family => ({ name, key, selfEvident: true, value })
  return [
    token('grafana-token', 'grafana_token', () => `glsa_${pick(ALNUM, 32)}_${pick(HEX, 8)}`),
    token('vault-token', 'vault_token', () => `hvs.${pick(`${ALNUM}_-`, 90)}`),
    token('atlassian-token', 'jira_token', () => `ATATT3${pick(`${ALNUM}_-`, 180)}`),
    token('pypi-token', 'pypi_token', () => `pypi-AgEIcHlwaS5vcmc${pick(`${ALNUM}_-`, 60)}`),
    token('databricks-token', 'databricks_token', () => `dapi${digits(1)}${pick(HEX, 31)}`),
    token('postman-key', 'postman_api_key', () => `PMAK-${pick(HEX, 24)}-${pick(HEX, 34)}`),
    token('linear-key', 'linear_api_key', () => `lin_api_${pick(ALNUM, 40)}`),
    token('doppler-token', 'doppler_token', () => `dp.st.${pick(ALNUM, 43)}`),
    token('newrelic-key', 'newrelic_key', () => `NRAK-${pick(UPPER, 27)}`),
    token('square-token', 'square_token', () => `sq0atp-${pick(`${ALNUM}_`, 22)}`),
    token('telegram-bot-token', 'bot_token', () => `${digits(9)}:AA${pick(`${ALNUM}_`, 33)}`),
    token('mailgun-key', 'mailgun_key', () => `key-${pick('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`),
    token('tailscale-key', 'ts_authkey', () => `tskey-auth-k${pick(ALNUM, 11)}-${pick(ALNUM, 33)}`),
    token('figma-token', 'figma_token', () => `figd_${pick(`${ALNUM}_-`, 40)}`),
    {
      name: 'azure-storage-key',
      key: 'storage_account_key',
      selfEvident: false,
      value: () => `${pick(B64, 86)}==`,
      inText: (v) => `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${v};EndpointSuffix=core.windows.net`,
    },
    token('age-secret-key', 'age_key', () => `AGE-SECRET-KEY-1${pick(UPPER, 58)}`),
    token('stripe-webhook-secret', 'webhook_signing', () => `whsec_${pick(ALNUM, 32)}`),
    token('supabase-token', 'supabase_token', () => `sbp_${pick(HEX, 40)}`),
    token('planetscale-token', 'pscale_token', () => `pscale_tkn_${pick(ALNUM, 43)}`),
    token('pulumi-token', 'pulumi_token', () => `pul-${digits(1)}${pick(HEX, 39)}`),
    token('dynatrace-token', 'dt_token', () => `dt0c01.${pick(UPPER, 24)}.${pick(UPPER, 64)}`),
    token('sentry-token', 'sentry_token', () => `sntrys_${pick(B64, 60)}`),
    token('slack-app-token', 'slack_app_token', () => `xapp-1-A${pick(UPPER, 10)}-${digits(13)}-${pick(HEX, 64)}`),
    token('heroku-key', 'heroku_api_key', () => `HRKU-${pick(`${ALNUM}_-`, 60)}`),
    token(
      'discord-webhook',
      'discord_webhook',
      () => `https://discord.com/api/webhooks/${digits(18)}/${pick(`${ALNUM}_-`, 68)}`,
    ),
    token(
      'discord-bot-token',
      'discord_bot_token',
      () => `M${pick(ALNUM, 25)}.${pick(ALNUM, 6)}.${pick(`${ALNUM}_-`, 38)}`,
    ),
    token('gcp-oauth-secret', 'google_client_secret', () => `GOCSPX-${pick(`${ALNUM}_-`, 28)}`),
    token('mailchimp-key', 'mailchimp_key', () => `${pick(HEX, 32)}-us${digits(2)}`),
    token('docker-pat', 'docker_token', () => `dckr_pat_${pick(`${ALNUM}_-`, 27)}`),
    token('rubygems-key', 'gem_host_api_key', () => `rubygems_${pick(HEX, 48)}`),
    token('sourcegraph-token', 'src_access_token', () => `sgp_${pick(HEX, 16)}_${pick(HEX, 40)}`),
    token('notion-token', 'notion_token', () => `ntn_${pick(ALNUM, 46)}`),
    token('terraform-token', 'tfe_token', () => `${pick(ALNUM, 14)}.atlasv1.${pick(`${ALNUM}_-`, 67)}`),
    token('brevo-key', 'brevo_api_key', () => `xkeysib-${pick(HEX, 64)}-${pick(ALNUM, 16)}`),
    token('cloud-key-id', 'alibaba_access_key_id', () => `LTAI${pick(ALNUM, 20)}`),
    token('flutterwave-key', 'flw_secret_key', () => `FLWSECK_TEST-${pick(HEX, 32)}-X`),
    token('groq-key', 'groq_api_key', () => `gsk_${pick(ALNUM, 52)}`),
    token('replicate-token', 'replicate_api_token', () => `r8_${digits(1)}${pick(ALNUM, 36)}`),
    token('langsmith-key', 'langchain_api_key', () => `lsv2_pt_${pick(HEX, 32)}_${pick(HEX, 10)}`),
    token('platform-token', 'honeycomb_api_key', () => `hcaik_${pick('abcdefghijklmnopqrstuvwxyz0123456789', 58)}`),
    token('mapbox-secret', 'mapbox_token', () => `sk.eyJ1Ijoi${pick(ALNUM, 30)}.${pick(`${ALNUM}_-`, 22)}`),
    token('openshift-token', 'oc_token', () => `sha256~${pick(`${ALNUM}_-`, 43)}`),
    token('artifactory-key', 'artifactory_api_key', () => `AKCp${pick(ALNUM, 69)}`),
    token(
      'plaid-token',
      'plaid_access_token',
      () => `access-sandbox-${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-${digits(4)}-${pick(HEX, 12)}`,
    ),
    token('fcm-server-key', 'fcm_server_key', () => `AAAA${pick(ALNUM, 7)}:APA91b${pick(`${ALNUM}_-`, 134)}`),
    token(
      'azure-client-secret',
      'azure_client_secret',
      () => `${pick(ALNUM, 3)}${digits(1)}Q~${pick(`${ALNUM}_.`, 34)}`,
    ),
    token('bitbucket-app-password', 'bitbucket_app_password', () => `ATBB${pick(ALNUM, 32)}`),
    token('platform-token', 'nuget_api_key', () => `oy2${pick('abcdefghijklmnopqrstuvwxyz0123456789', 43)}`),
    token('platform-token', 'infracost_api_key', () => `ico-${pick(ALNUM, 32)}`),
    token('platform-token', 'frameio_token', () => `fio-u-${pick(`${ALNUM}_-`, 64)}`),
    token('google-oauth-token', 'google_access_token', () => `ya29.${pick(`${ALNUM}_-`, 150)}`),
    token(
      'teams-webhook',
      'teams_webhook_url',
      () =>
        `https://contoso.webhook.office.com/webhookb2/${pick(HEX, 8)}-${pick(HEX, 4)}@${pick(HEX, 8)}/IncomingWebhook/${pick(HEX, 32)}/${pick(HEX, 8)}`,
    ),
  ]
}

/**
 * Valid national numbers: the body drawn at random, the check digit or letter
 * found by trying each (the validators are tested on published examples in
 * national-ids.test.ts).
 */
function nationalIdFamilies(pick: (chars: string, n: number) => string, digits: (n: number) => string): Family[] {
  const completing = (body: () => string, ends: readonly string[], check: (v: string) => boolean): string => {
    for (;;) {
      const b = body()
      const end = ends.find((e) => check(b + e))
      if (end !== undefined) return b + end
    }
  }
  const twoDigits = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
  const oneDigit = [...'0123456789']
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')
  /** A month and a day that exist in every year: MMDD. */
  const monthDay = (): string =>
    `${twoDigits[1 + Math.floor(Number(digits(2)) % 12)]}${twoDigits[1 + Math.floor(Number(digits(2)) % 28)]}`
  const id = (name: string, key: string, value: () => string): Family => ({ name, key, selfEvident: true, value })
  return [
    id('uk-nino', 'ni_number', () => {
      // HMRC never issues the prefixes BG, GB, KN, NK, NT, TN, ZZ: a value with one is not a number.
      for (;;) {
        const prefix = `${pick('ACEHJKLMPRSWY', 1)}${pick('ABCEHJKLMNPRSTWXY', 1)}`
        if (!['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix))
          return `${prefix}${digits(6)}${pick('ABCD', 1)}`
      }
    }),
    id('es-dni', 'dni', () => completing(() => digits(8), letters, passesDniLetter)),
    id('br-cpf', 'cpf', () => completing(() => `${digits(3)}.${digits(3)}.${digits(3)}-`, twoDigits, passesCpf)),
    id(
      'in-pan',
      'pan',
      () => `${pick(letters.join(''), 3)}P${pick(letters.join(''), 1)}${digits(4)}${pick(letters.join(''), 1)}`,
    ),
    id('in-aadhaar', 'aadhaar', () =>
      completing(() => `${pick('23456789', 1)}${digits(3)} ${digits(4)} ${digits(3)}`, oneDigit, passesVerhoeff),
    ),
    id('fr-nir', 'nir', () =>
      completing(
        // sex, year, month (01–09), department, commune and order: 13 digits, then the key
        () => `${pick('12', 1)}${digits(2)}0${pick('123456789', 1)}${pick('1234567', 1)}${digits(1)}${digits(6)}`,
        twoDigits,
        passesNirKey,
      ),
    ),
    // Session 15: the national numbers of DLP tools' lists beyond those above.
    id('cn-resident-id', 'national_id', () =>
      completing(
        () => `${pick('123456', 1)}${digits(5)}19${digits(2)}${monthDay()}${digits(3)}`,
        [...oneDigit, 'X'],
        passesChineseIdCheck,
      ),
    ),
    id('it-codice-fiscale', 'codice_fiscale', () =>
      completing(
        () =>
          `${pick(letters.join(''), 6)}${digits(2)}${pick('ABCDEHLMPRST', 1)}${pick('0123', 1)}${pick('123456789', 1)}${pick(letters.join(''), 1)}${digits(3)}`,
        letters,
        passesCodiceFiscale,
      ),
    ),
    id('mx-curp', 'curp', () =>
      completing(
        () =>
          `${pick('BCDGHLMPRSTV', 1)}${pick('AEIOU', 1)}${pick('BCDGLMNPRST', 2)}${digits(2)}${monthDay()}${pick('HM', 1)}${['DF', 'JC', 'NL', 'PL', 'VZ'][Number(digits(1)) % 5]}${pick('BCDFGHJKLMNPRSTVZ', 3)}0`,
        oneDigit,
        passesCurp,
      ),
    ),
    id('sg-nric', 'nric', () => completing(() => `${pick('ST', 1)}${digits(7)}`, letters, passesNric)),
    id('kr-rrn', 'resident_registration_number', () =>
      completing(() => `${digits(2)}${monthDay()}-${pick('1234', 1)}${digits(5)}`, oneDigit, passesKoreanRrn),
    ),
    id('ca-sin', 'sin', () =>
      completing(() => `${pick('1234567', 1)}${digits(2)} ${digits(3)} ${digits(2)}`, oneDigit, passesLuhnOfDigits),
    ),
    id('se-personnummer', 'personnummer', () =>
      completing(() => `${digits(2)}${monthDay()}-${digits(3)}`, oneDigit, passesLuhnOfDigits),
    ),
  ]
}
