// A credential in a URL's path, after a segment that says what it is:
// password-reset, magic-link, e-mail verification, invitation and
// unsubscribe links (`/reset-password/Zq8x…`, `/invitations/Zq8x…/accept`,
// Django's `/activate/<uid>/<token>`). Access logs and `url.path` carry
// them, and whoever reads the log can use the link. Elsewhere a path's ids
// stay (`/orders/Zq8x…` is an order): only these words make the next segment
// a secret, and only one of 16+ characters with a digit (generated, as tokens
// are; `/reset/confirm` or `/verify/email` are pages).
import type { ValuePattern } from './value-patterns.ts'

const WORDS = [
  'reset[-_]?password',
  'password[-_/]reset',
  'set[-_]?password',
  'reset',
  'magic[-_]?links?',
  'magic',
  'login[-_]?links?',
  'passwordless',
  'verify[-_]?email',
  'email[-_/]verif(?:y|ication)',
  'verify',
  'verification',
  'confirm[-_]?email',
  'confirm',
  'confirmation',
  'activate',
  'activation',
  'invitations?',
  'invites?',
  'unsubscribe',
  'recover',
  'recovery',
  'tokens?',
].join('|')

export const PATH_TOKEN_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'url-path-token',
    requires: ['/'],
    minDigits: 1,
    pattern: new RegExp(
      // The words right after a '/': ~30–60 ns on a URL with ids, about what any regexp's run costs (a lookbehind
      // from each long segment instead was three times that, measured).
      String.raw`(\/(?:${WORDS})\/(?:[A-Za-z0-9_-]{1,12}\/)?)((?=[A-Za-z0-9_.~%+=-]{0,511}\d)[A-Za-z0-9_.~%+=-]{16,512})(?=[/?#\s"'&;,)]|$)`,
      'g',
    ),
    replace: (_m, before) => `${before}[REDACTED:url-path-token]`,
  },
]
