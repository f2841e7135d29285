// Credentials passed on a command line that a service logs (a spawned tool's
// arguments, a failed deploy step): curl's and wget's `-u user:password`,
// MySQL's `-p<password>` (no space: with one, mysql prompts), and `sshpass -p`
// or a registry login's `-p <password>`, `redis-cli -a <password>`, and long
// flags named for a secret: `--password <value>`, `--db-password=<value>`,
// `--api-key <value>`, `--client-secret …`.
// Each regexp is bounded: a command's arguments are read at most 256
// characters past the command's name.
import { NOT_A_VALUE, type ValuePattern } from './value-patterns.ts'

const label = (name: string): string => `[REDACTED:${name}]`

export const COMMAND_LINE_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'cli-password',
    // Timestamps hold a dash and a colon: the flag's own letters gate it (each spelling holds `-u`).
    prefixes: ['-u'],
    requires: ['-', ':'],
    pattern: /(?<![\w-])((?:-u|--user|--proxy-user|--http-user)(?:\s{1,3}|=)["']?[^\s:"'@]{1,128}:)([^\s"']{1,256})/g,
    // `docker run -u 1000:1000` is a uid and a gid, not a user and a password.
    replace: (m, before, password) =>
      /^\d+$/.test(String(password)) || NOT_A_VALUE.test(String(password)) ? m : `${before}${label('password')}`,
  },
  {
    name: 'cli-password',
    prefixes: ['mysql', 'mariadb'],
    // A command line has spaces and a flag's dash; ids in URLs have neither space (pairs share gate bits).
    requires: ['-', 'm', ' '],
    pattern:
      /\b((?:mysql(?:dump|admin|import|sh)?|mariadb(?:-dump|-admin)?)\b[^\n|;&]{0,256}?\s-p)([^\s"'-][^\s"']{0,255})/g,
    replace: (_m, before) => `${before}${label('password')}`,
  },
  {
    name: 'cli-password',
    prefixes: ['sshpass', ' login'],
    requires: ['-', ' '],
    pattern:
      /\b((?:sshpass|(?:docker|podman|nerdctl|buildah|skopeo|helm(?: registry)?|oras|crane) login)\b[^\n|;&]{0,256}?\s-p\s{1,3})([^\s"'-][^\s"']{0,255})/g,
    replace: (_m, before) => `${before}${label('password')}`,
  },
  {
    name: 'cli-password',
    prefixes: ['redis-cli'],
    requires: ['-', ' '],
    pattern: /\b(redis-cli\b[^\n|;&]{0,256}?\s-a\s{1,3})([^\s"'-][^\s"']{0,255})/g,
    replace: (_m, before) => `${before}${label('password')}`,
  },
  {
    // A long flag named for a secret, its value after a space or `=`; the value is not the next flag, and
    // `--no-password` takes none.
    name: 'cli-password',
    prefixes: ['--'],
    requires: ['-', 'tTkKpP'],
    pattern:
      /(?<![\w-])(--(?!no-)(?:[a-z0-9]{1,20}[-_]){0,3}(?:password|passwd|pass|pwd|secret|token|api[-_]?key|access[-_]?key|secret[-_]?key|auth[-_]?token)(?:\s{1,3}|=)["']?)([^\s"'-][^\s"']{2,255})/gi,
    replace: (m, before, value) => (NOT_A_VALUE.test(String(value)) ? m : `${before}${label('password')}`),
  },
]
