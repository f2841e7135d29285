// The gateway's bearer token check, shared by OTLP/HTTP and OTLP/gRPC:
// constant-time, so the answer's timing says nothing about the token.
import { timingSafeEqual } from 'node:crypto'

/** True when no token is configured, or `authorization` is `Bearer <token>`. */
export function bearerMatches(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? ''
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
