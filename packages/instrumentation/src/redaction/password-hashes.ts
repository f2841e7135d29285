// Password hashes as the common formats write them: bcrypt (`$2b$12$…`),
// crypt(3)'s MD5/SHA/yescrypt (`$1$`, `$apr1$`, `$5$`, `$6$`, `$y$`), the PHC
// strings of argon2 and scrypt, and Django's pbkdf2. A hash
// is not the password, but a leaked one is cracked offline (a chosen password
// falls in minutes), so DLP rule sets treat it as a credential; it appears in
// logs when a service logs a user row, an htpasswd or shadow line, or a
// failed migration's values. Each is anchored on its own prefix and gated
// on a '$' (pattern-triggers.ts: the character set of its own, and the pairs
// of its prefixes), so no other string reaches these regexps; the user name
// beside a hash (`bob:$apr1$…`) stays.
import type { ValuePattern } from './value-patterns.ts'

/** crypt(3)'s alphabet. */
const C = '[./A-Za-z0-9]'
/** Base64 as the PHC strings and Django write it (standard or URL-safe, padding optional). */
const B = '[A-Za-z0-9+/._-]'

export const PASSWORD_HASH_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'password-hash',
    prefixes: ['$2a$', '$2b$', '$2y$', '$2x$'],
    requires: ['$'],
    minDigits: 3,
    pattern: new RegExp(`\\$2[abxy]\\$\\d{2}\\$${C}{53}(?!${C})`, 'g'),
  },
  {
    name: 'password-hash',
    prefixes: ['$1$', '$5$', '$6$', '$apr1$', '$y$'],
    requires: ['$'],
    pattern: new RegExp(
      `\\$(?:1|5|6|apr1)\\$(?:rounds=\\d{1,9}\\$)?${C}{1,16}\\$${C}{22,86}(?!${C})|\\$y\\$${C}{1,30}\\$${C}{1,86}\\$${C}{43}(?!${C})`,
      'g',
    ),
  },
  {
    name: 'password-hash',
    prefixes: ['$argon2', '$scrypt$'],
    requires: ['$', '='],
    minDigits: 3,
    pattern: new RegExp(
      `\\$(?:argon2(?:id|i|d)\\$(?:v=\\d{1,3}\\$)?m=\\d{1,9},t=\\d{1,9},p=\\d{1,4}|scrypt\\$ln=\\d{1,3},r=\\d{1,4},p=\\d{1,4})\\$${B}{8,128}\\$${B}{16,512}`,
      'g',
    ),
  },
  {
    name: 'password-hash',
    prefixes: ['pbkdf2_sha'],
    requires: ['$', '_'],
    minDigits: 4,
    pattern: new RegExp(`\\bpbkdf2_sha(?:1|256|512)\\$\\d{3,8}\\$${B}{4,128}\\$${B}{20,512}={0,2}`, 'g'),
  },
]
