// Provider tokens that name themselves by a prefix, beyond the common ones in
// value-patterns.ts: the families of the public secret-scanning rule sets
// (gitleaks' and secretlint's rules) that services are likely to log —
// observability, CI, package registries, payments, chat bots, cloud storage.
// Each is anchored on its prefix (linear time) and gated by trigger
// characters every match contains (pattern-triggers.ts), so ordinary strings
// never reach these regexps. The triggers reuse the character sets the other
// patterns declare: the prefilter has one bit per set and 31 of them.
import type { ValuePattern } from './value-patterns.ts'

/** Plaid access tokens: the environment, then a UUID. */
const PLAID =
  /\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g

export const PROVIDER_TOKEN_PATTERNS: readonly ValuePattern[] = [
  {
    // Grafana service-account tokens and Grafana Cloud access policy tokens.
    name: 'grafana-token',
    prefixes: ['glsa_', 'glc_'],
    requires: ['_', 'g'],
    pattern: /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})/g,
  },
  // HashiCorp Vault service and batch tokens.
  { name: 'vault-token', prefixes: ['hvs.', 'hvb.'], requires: ['.', 'h'], pattern: /\bhv[sb]\.[A-Za-z0-9_-]{24,}/g },
  { name: 'atlassian-token', prefixes: ['ATATT3'], requires: ['A'], pattern: /\bATATT3[A-Za-z0-9_=-]{150,}/g },
  {
    name: 'pypi-token',
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    requires: ['-', 'tTkKpP'],
    pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g,
  },
  {
    name: 'databricks-token',
    prefixes: ['dapi'],
    requires: ['d', 'tTkKpP'],
    minDigits: 1,
    pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g,
  },
  {
    name: 'postman-key',
    prefixes: ['PMAK-'],
    requires: ['-', 'tTkKpP'],
    pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g,
  },
  { name: 'linear-key', prefixes: ['lin_api_'], requires: ['_', 'tTkKpP'], pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  {
    name: 'doppler-token',
    prefixes: ['dp.'],
    requires: ['.', 'd'],
    pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b/g,
  },
  {
    name: 'newrelic-key',
    prefixes: ['NRAK-', 'NRAA-', 'NRII-', 'NRJS-'],
    requires: ['-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    // User keys (NRAK-, 27 characters), insert keys (NRII-, 32 with dashes), browser keys (NRJS-, 19 hex).
    pattern: /\bNR(?:AK|AA|II|JS)-[A-Za-z0-9_-]{19,64}(?![\w-])/g,
  },
  // Square access tokens and OAuth secrets (sq0…), and its newer access tokens (EAAA…).
  {
    name: 'square-token',
    prefixes: ['sq0atp-', 'sq0csp-'],
    requires: ['-', 's', 'tTkKpP'],
    pattern: /\bsq0(?:atp-[A-Za-z0-9_-]{22}|csp-[A-Za-z0-9_-]{43})(?![\w-])/g,
  },
  { name: 'square-token', prefixes: ['EAAA'], requires: ['A'], pattern: /\bEAAA[A-Za-z0-9_-]{60}(?![\w-])/g },
  // Telegram bot tokens: the bot's numeric id, a colon, 35 characters starting with AA.
  {
    name: 'telegram-bot-token',
    prefixes: [':AA'],
    requires: [':', 'A'],
    minDigits: 8,
    pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g,
  },
  // Mailgun's private and public API keys: 32 lower-case letters and digits (its own docs' example is not hex).
  { name: 'mailgun-key', prefixes: ['key-'], requires: ['-', 'k'], pattern: /\b(?:pub)?key-[a-z0-9]{32}\b/g },
  {
    // Azure storage account keys in connection strings (AccountKey=…==).
    name: 'azure-storage-key',
    prefixes: ['AccountKey='],
    requires: ['=', 'K'],
    pattern: /(AccountKey=)[A-Za-z0-9+/]{86}==/g,
    replace: (_m, prefix) => `${prefix}[REDACTED:azure-storage-key]`,
  },
  {
    name: 'age-secret-key',
    prefixes: ['AGE-SECRET-KEY-1'],
    requires: ['-', 'G'],
    pattern: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g,
  },
  {
    name: 'stripe-webhook-secret',
    prefixes: ['whsec_'],
    requires: ['_', 'Ww'],
    pattern: /\bwhsec_[A-Za-z0-9+/=]{32,}/g,
  },
  { name: 'supabase-token', prefixes: ['sbp_'], requires: ['_', 's'], pattern: /\bsbp_[a-f0-9]{40}\b/g },
  {
    name: 'planetscale-token',
    prefixes: ['pscale_'],
    requires: ['_', 'tTkKpP'],
    pattern: /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}/g,
  },
  {
    name: 'pulumi-token',
    prefixes: ['pul-'],
    requires: ['-', 'tTkKpP'],
    minDigits: 1,
    pattern: /\bpul-[a-f0-9]{40}\b/g,
  },
  {
    name: 'dynatrace-token',
    prefixes: ['dt0c01.'],
    requires: ['.', 'd'],
    pattern: /\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b/g,
  },
  {
    name: 'sentry-token',
    prefixes: ['sntrys_', 'sntryu_'],
    requires: ['_', 's'],
    pattern: /\bsntry[su]_[A-Za-z0-9+/=_-]{40,}/g,
  },
  {
    name: 'slack-app-token',
    prefixes: ['xapp-'],
    requires: ['-', 'x'],
    pattern: /\bxapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{64}\b/g,
  },
  { name: 'heroku-key', prefixes: ['HRKU-'], requires: ['-', 'K'], pattern: /\bHRKU-[A-Za-z0-9_-]{30,}/g },
  // Discord webhooks carry their token in the URL; bot tokens are the bot's id (base64), a timestamp and an HMAC.
  {
    name: 'discord-webhook',
    prefixes: ['/api/webhooks/'],
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
  {
    name: 'gcp-oauth-secret',
    prefixes: ['GOCSPX-'],
    requires: ['-', 'G'],
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/g,
  },
  // Mailchimp API keys: 32 hex and the data centre. Gated on 12 digits (32 hex digits hold ~20; fewer than
  // 12 about once in 2,500 keys) so that every `user-42` does not run it.
  {
    name: 'mailchimp-key',
    prefixes: ['-us'],
    requires: ['-', 's'],
    minDigits: 12,
    pattern: /\b[a-f0-9]{32}-us\d{1,2}\b/g,
  },
  // Registries, developer platforms and SaaS APIs whose tokens start with a prefix of their own
  // (gitleaks' rules), each gated on the prefix's separator and a letter the prefix holds.
  { name: 'docker-pat', prefixes: ['dckr_pat_'], requires: ['_', 'tTkKpP'], pattern: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g },
  { name: 'rubygems-key', prefixes: ['rubygems_'], requires: ['_', 's'], pattern: /\brubygems_[a-f0-9]{48}\b/g },
  {
    name: 'sourcegraph-token',
    prefixes: ['sgp_'],
    requires: ['_', 's'],
    pattern: /\bsgp_(?:local_|[a-fA-F0-9]{16}_)?[a-f0-9]{40}\b/g,
  },
  {
    name: 'notion-token',
    prefixes: ['ntn_', 'secret_'],
    requires: ['_', 'tTkKpP'],
    pattern: /\b(?:ntn_[A-Za-z0-9]{40,50}|secret_[A-Za-z0-9]{43})\b/g,
  },
  {
    name: 'terraform-token',
    prefixes: ['.atlasv1.'],
    requires: ['.', 'tTkKpP'],
    pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![\w-])/g,
  },
  {
    name: 'brevo-key',
    prefixes: ['xkeysib-'],
    requires: ['-', 'tTkKpP'],
    pattern: /\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b/g,
  },
  {
    name: 'flutterwave-key',
    prefixes: ['FLWSECK', 'FLWPUBK'],
    requires: ['-', 'K'],
    pattern: /\bFLW(?:SECK|PUBK)(?:_TEST)?-[a-f0-9]{32}-X\b/g,
  },
  { name: 'groq-key', prefixes: ['gsk_'], requires: ['_', 's'], pattern: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { name: 'replicate-token', prefixes: ['r8_'], requires: ['_'], minDigits: 1, pattern: /\br8_[A-Za-z0-9]{37}\b/g },
  {
    name: 'langsmith-key',
    prefixes: ['lsv2_'],
    requires: ['_', 's'],
    pattern: /\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b/g,
  },
  // Mapbox secret tokens (sk.; pk. tokens are public by design).
  {
    name: 'mapbox-secret',
    prefixes: ['sk.eyJ'],
    requires: ['.', 'J'],
    pattern: /\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g,
  },
  {
    name: 'openshift-token',
    prefixes: ['sha256~'],
    requires: ['h', 's'],
    minDigits: 3,
    pattern: /\bsha256~[A-Za-z0-9_-]{43}(?![\w-])/g,
  },
  { name: 'plaid-token', prefixes: ['access-'], requires: ['-', 's'], minDigits: 4, pattern: PLAID },
  {
    name: 'fcm-server-key',
    prefixes: [':APA91b'],
    requires: [':', 'A'],
    pattern: /\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}/g,
  },
  {
    name: 'bitbucket-app-password',
    prefixes: ['ATBB'],
    requires: ['A', 'BTD'],
    pattern: /\bATBB[A-Za-z0-9_=.-]{32}(?![\w-])/g,
  },
  {
    // Alibaba (LTAI…) and Tencent (AKID…) cloud access key ids.
    name: 'cloud-key-id',
    prefixes: ['LTAI', 'AKID'],
    requires: ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'I'],
    pattern: /\b(?:LTAI[A-Za-z0-9]{20}|AKID[A-Za-z0-9]{32})\b/g,
  },
  // JFrog Artifactory API keys.
  { name: 'artifactory-key', prefixes: ['AKCp'], requires: ['A', 'K'], pattern: /\bAKCp[A-Za-z0-9]{69}\b/g },
  // Microsoft Teams incoming webhooks carry their secret in the URL.
  {
    name: 'teams-webhook',
    prefixes: ['.webhook.office.com/webhookb2/'],
    requires: ['/', 'Ww'],
    pattern: /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/_-]{20,}/g,
  },
  // Less common prefixed tokens, one label for all (gitleaks has a rule each): Hugging Face org
  // tokens, Prefect, Typeform, Netlify, Pinecone, Shippo, Braintree, ReadMe, Render, Duffel, Fly.io,
  // Clojars, Honeycomb, Scalingo, Adobe, Contentful, Perplexity, Octopus Deploy, xAI, EasyPost,
  // Cloudflare Origin CA, Harness, Airtable, Asana, GitLab runner registration, X app bearer tokens.
  {
    name: 'platform-token',
    prefixes: ['api_org_', 'pnu_', 'tfp_', 'nfp_', 'pcsk_', 'shippo_', 'access_token$'],
    requires: ['_', 'tTkKpP'],
    pattern:
      /\b(?:api_org_[A-Za-z0-9]{34}|pnu_[A-Za-z0-9]{36}|tfp_[A-Za-z0-9_.=-]{40,70}|nfp_[A-Za-z0-9]{36,40}|pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,80}|shippo_(?:live|test)_[a-f0-9]{40}|access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![\w-])/g,
  },
  {
    name: 'platform-token',
    prefixes: ['rdme_', 'rnd_', 'duffel_'],
    requires: ['_', 'd'],
    pattern: /\b(?:rdme_[A-Za-z0-9]{70}|rnd_[A-Za-z0-9]{32}|duffel_(?:live|test)_[A-Za-z0-9_=-]{43})(?![\w-])/g,
  },
  {
    name: 'platform-token',
    prefixes: ['fo1_', 'fm1', 'fm2'],
    requires: ['_'],
    minDigits: 1,
    pattern: /\b(?:fo1_[A-Za-z0-9_-]{43}|fm[12]r?_[A-Za-z0-9+/=_-]{40,})(?![\w-])/g,
  },
  { name: 'platform-token', prefixes: ['CLOJARS_'], requires: ['_', 'S'], pattern: /\bCLOJARS_[a-z0-9]{60}\b/g },
  {
    name: 'platform-token',
    prefixes: ['hcaik_', 'hcaic_', 'hcxik_', 'hcxlk_', 'hcbik_'],
    requires: ['_', 'h'],
    pattern: /\bhc(?:aik|aic|xik|xlk|bik)_[a-z0-9]{50,64}\b/g,
  },
  {
    name: 'platform-token',
    prefixes: ['tk-us-', 'p8e-', 'CFPAT-', 'pplx-', 'API-'],
    requires: ['-', 'tTkKpP'],
    pattern:
      /\b(?:tk-us-[A-Za-z0-9_-]{48}|p8e-[A-Za-z0-9]{32}|CFPAT-[A-Za-z0-9_-]{43}|pplx-[A-Za-z0-9]{48}|API-[A-Z0-9]{26})(?![\w-])/g,
  },
  { name: 'platform-token', prefixes: ['xai-'], requires: ['-', 'x'], pattern: /\bxai-[A-Za-z0-9]{70,90}\b/g },
  { name: 'platform-token', prefixes: ['EZAK'], requires: ['A', 'K'], pattern: /\bEZAK[A-Za-z0-9]{54}\b/g },
  {
    name: 'platform-token',
    prefixes: ['v1.0-'],
    requires: ['-', '.'],
    pattern: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/g,
  },
  {
    name: 'platform-token',
    requires: ['.', 'tTkKpP'],
    pattern:
      /\b(?:pat\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}|pat[A-Za-z0-9]{14}\.[a-f0-9]{64})(?![\w-])/g,
  },
  { name: 'platform-token', requires: [':', '/'], minDigits: 14, pattern: /\b[12]\/\d{13,16}:[a-f0-9]{32}\b/g },
  {
    name: 'platform-token',
    prefixes: ['GR1348941'],
    requires: ['G'],
    minDigits: 7,
    pattern: /\bGR1348941[A-Za-z0-9_-]{20}(?![\w-])/g,
  },
  { name: 'platform-token', prefixes: ['AA'], requires: ['A'], pattern: /\bA{20,}[A-Za-z0-9%]{60,}/g },
  // NuGet API keys, Infracost and Frame.io tokens: no character set gates them without running on
  // most text; their prefixes' rarest pairs do (pattern-triggers.ts).
  { name: 'platform-token', prefixes: ['oy2'], pattern: /\boy2[a-z0-9]{43}\b/g },
  { name: 'platform-token', prefixes: ['ico-'], pattern: /\bico-[A-Za-z0-9]{32}\b/g },
  { name: 'platform-token', prefixes: ['fio-u-'], pattern: /\bfio-u-[A-Za-z0-9_=-]{64}(?![\w-])/g },
  // Azure AD (Entra) client secrets: three characters, a digit, `Q~`, then 31–34.
  {
    name: 'azure-client-secret',
    prefixes: ['Q~'],
    requires: ['ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    minDigits: 1,
    pattern: /(^|[^\w~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w-])/g,
    replace: (_m, before) => `${before}[REDACTED:azure-client-secret]`,
  },
  {
    // Google OAuth access tokens (ya29.…) and refresh tokens (1//0…), as SDKs and gcloud print them.
    name: 'google-oauth-token',
    // The gate pairs themselves: '29' and '/0', the rarest pairs of the prefixes, are common in ids and paths.
    prefixes: ['9.', '//'],
    pattern: /\b(?:ya29\.[0-9A-Za-z_-]{20,}|1\/\/0[0-9A-Za-z_-]{30,})(?![\w-])/g,
  },
]

/**
 * Added after the others (value-patterns.ts puts them last, so every earlier pattern keeps its trigger bits):
 * Tailscale auth, OAuth-client and API keys, and Figma personal access tokens.
 */
export const LATER_PROVIDER_TOKEN_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'tailscale-key',
    prefixes: ['tskey-'],
    requires: ['-'],
    pattern: /\btskey-(?:auth|client|api|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}(?![\w-])/g,
  },
  { name: 'figma-token', prefixes: ['figd_'], requires: ['_'], pattern: /\bfigd_[A-Za-z0-9_-]{40,}(?![\w-])/g },
]
