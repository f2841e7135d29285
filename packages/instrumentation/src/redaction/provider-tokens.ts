// Provider tokens that name themselves by a prefix, beyond the common ones in
// value-patterns.ts: the families of the public secret-scanning rule sets
// (gitleaks' and secretlint's rules) that services are likely to log —
// observability, CI, package registries, payments, chat bots, cloud storage.
// Each is anchored on its prefix (linear time) and gated by trigger
// characters every match contains (pattern-triggers.ts), so ordinary strings
// never reach these regexps. The triggers reuse the character sets the other
// patterns declare: the prefilter has one bit per set and 31 of them.
import type { ValuePattern } from './value-patterns.ts'

export const PROVIDER_TOKEN_PATTERNS: readonly ValuePattern[] = [
  {
    // Grafana service-account tokens and Grafana Cloud access policy tokens.
    name: 'grafana-token',
    requires: ['_', 'g'],
    pattern: /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})/g,
  },
  // HashiCorp Vault service and batch tokens.
  { name: 'vault-token', requires: ['.', 'h'], pattern: /\bhv[sb]\.[A-Za-z0-9_-]{24,}/g },
  { name: 'atlassian-token', requires: ['A'], pattern: /\bATATT3[A-Za-z0-9_=-]{150,}/g },
  { name: 'pypi-token', requires: ['-', 'tTkKpP'], pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
  { name: 'databricks-token', requires: ['d', 'tTkKpP'], minDigits: 1, pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { name: 'postman-key', requires: ['-', 'tTkKpP'], pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g },
  { name: 'linear-key', requires: ['_', 'tTkKpP'], pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { name: 'doppler-token', requires: ['.', 'd'], pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b/g },
  {
    name: 'newrelic-key',
    requires: ['-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    pattern: /\bNR(?:AK|AA|II|JS)-[A-Za-z0-9]{27}\b/g,
  },
  // Square access tokens and OAuth secrets (sq0…), and its newer access tokens (EAAA…).
  {
    name: 'square-token',
    requires: ['-', 's', 'tTkKpP'],
    pattern: /\bsq0(?:atp-[A-Za-z0-9_-]{22}|csp-[A-Za-z0-9_-]{43})(?![\w-])/g,
  },
  { name: 'square-token', requires: ['A'], pattern: /\bEAAA[A-Za-z0-9_-]{60}(?![\w-])/g },
  // Telegram bot tokens: the bot's numeric id, a colon, 35 characters starting with AA.
  {
    name: 'telegram-bot-token',
    requires: [':', 'A'],
    minDigits: 8,
    pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g,
  },
  { name: 'mailgun-key', requires: ['-', 'k'], pattern: /\bkey-[a-f0-9]{32}\b/g },
  {
    // Azure storage account keys in connection strings (AccountKey=…==).
    name: 'azure-storage-key',
    requires: ['=', 'K'],
    pattern: /(AccountKey=)[A-Za-z0-9+/]{86}==/g,
    replace: (_m, prefix) => `${prefix}[REDACTED:azure-storage-key]`,
  },
  { name: 'age-secret-key', requires: ['-', 'G'], pattern: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g },
  { name: 'stripe-webhook-secret', requires: ['_', 'Ww'], pattern: /\bwhsec_[A-Za-z0-9+/=]{32,}/g },
  { name: 'supabase-token', requires: ['_', 's'], pattern: /\bsbp_[a-f0-9]{40}\b/g },
  { name: 'planetscale-token', requires: ['_', 'tTkKpP'], pattern: /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}/g },
  { name: 'pulumi-token', requires: ['-', 'tTkKpP'], minDigits: 1, pattern: /\bpul-[a-f0-9]{40}\b/g },
  { name: 'dynatrace-token', requires: ['.', 'd'], pattern: /\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b/g },
  { name: 'sentry-token', requires: ['_', 's'], pattern: /\bsntry[su]_[A-Za-z0-9+/=_-]{40,}/g },
  { name: 'slack-app-token', requires: ['-', 'x'], pattern: /\bxapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{64}\b/g },
  { name: 'heroku-key', requires: ['-', 'K'], pattern: /\bHRKU-[A-Za-z0-9_-]{30,}/g },
  // Discord webhooks carry their token in the URL; bot tokens are the bot's id (base64), a timestamp and an HMAC.
  {
    name: 'discord-webhook',
    requires: ['/', 'd'],
    minDigits: 17,
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,70}/g,
  },
  {
    name: 'discord-bot-token',
    requires: ['.', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    pattern: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![\w-])/g,
  },
  // Google OAuth client secrets.
  { name: 'gcp-oauth-secret', requires: ['-', 'G'], pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/g },
  // Mailchimp API keys: 32 hex and the data centre. Gated on 12 digits (32 hex digits hold ~20; fewer than
  // 12 about once in 2,500 keys) so that every `user-42` does not run it.
  { name: 'mailchimp-key', requires: ['-', 's'], minDigits: 12, pattern: /\b[a-f0-9]{32}-us\d{1,2}\b/g },
]
