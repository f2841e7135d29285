// Principals under other keys. The detector reads who made a request from the
// OpenTelemetry names (`user.id`, else `enduser.id`, else `user.name`; the
// caller's address from `client.address`, else `X-Forwarded-For`, else the
// older peer attributes). A service that records them under its own keys
// (`customer_id`, `x-real-ip`) is mapped here, at decode, the way the
// Collector's attributes processor would: when a span has none of the
// standard keys, the first configured key it has is copied to the standard
// one. The stored span then carries it, so Grafana and the detector agree.
// Pure; mutates the rows it is given (they are fresh from a decoder).
import type { SpanRow } from './rows.ts'

export interface PrincipalAliases {
  /** Keys read, in order, as `user.id` when none of user.id, enduser.id, user.name is set. */
  user?: readonly string[] | undefined
  /** Keys read, in order, as `client.address` when neither it nor X-Forwarded-For is set. */
  address?: readonly string[] | undefined
}

const USER_KEYS = ['user.id', 'enduser.id', 'user.name']
const ADDRESS_KEYS = ['client.address', 'http.request.header.x-forwarded-for']

function copyFirst(
  attributes: Record<string, string>,
  standard: readonly string[],
  aliases: readonly string[],
  target: string,
): void {
  for (const key of standard) if (attributes[key]) return
  for (const key of aliases) {
    const value = attributes[key]
    if (value) {
      attributes[target] = value
      return
    }
  }
}

/** Applies the aliases to one span's attributes (mutated); a no-op without any. */
export function aliasPrincipals(attributes: Record<string, string>, aliases: PrincipalAliases | undefined): void {
  if (aliases?.user?.length) copyFirst(attributes, USER_KEYS, aliases.user, 'user.id')
  if (aliases?.address?.length) copyFirst(attributes, ADDRESS_KEYS, aliases.address, 'client.address')
}

/** Applies the aliases to spans' attributes; a no-op without any. */
export function applyPrincipalAliases<T extends Pick<SpanRow, 'SpanAttributes'>>(
  rows: T[],
  aliases: PrincipalAliases | undefined,
): T[] {
  if (!aliases?.user?.length && !aliases?.address?.length) return rows
  for (const row of rows) aliasPrincipals(row.SpanAttributes, aliases)
  return rows
}
