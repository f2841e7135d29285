// Configuration problems as a user reads them: every problem at once, each
// as `key = value: what was expected`, with where the value came from (the
// file, or the environment variable that set it). Values that may hold a
// secret (URLs with credentials, tokens) are masked. Shared by
// tracehound.yaml's loader in the CLI and the alerts section's parser.
import { maskSecrets } from './mask-secrets.ts'

export interface ConfigIssue {
  readonly path: readonly PropertyKey[]
  readonly message: string
}

export interface DescribeOptions {
  /** Keys above the validated section (`['alerts']`). */
  prefix?: readonly string[]
  /** The environment variable a key's value came from, if any. */
  originOf?: (key: string) => string | undefined
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    document,
  )
}

function line(
  issue: ConfigIssue,
  document: unknown,
  options: DescribeOptions,
): { origin: string | undefined; text: string } {
  const key = [...(options.prefix ?? []), ...issue.path.map(String)].join('.') || '(top level)'
  const value = valueAt(document, issue.path)
  const shown =
    value !== undefined && typeof value !== 'object'
      ? ` = ${JSON.stringify(typeof value === 'string' ? maskSecrets(value).slice(0, 200) : value)}`
      : ''
  return { origin: options.originOf?.(key), text: `${key}${shown}: ${issue.message}` }
}

/** One message for all the issues: one line when there is one, else a count and a line each. */
export function describeConfigIssues(
  source: string,
  issues: readonly ConfigIssue[],
  document: unknown,
  options: DescribeOptions = {},
): string {
  const lines = issues.map((issue) => line(issue, document, options))
  if (lines.length === 1)
    return `${lines[0]!.origin ? `environment variable ${lines[0]!.origin}` : source}: ${lines[0]!.text}`
  return [
    `${source}: ${lines.length} problems`,
    ...lines.map((l) => `  - ${l.origin ? `environment variable ${l.origin}: ` : ''}${l.text}`),
  ].join('\n')
}
