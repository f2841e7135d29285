// The zero-trust edges policy: which service may call which. A rule is
// `caller -> callee` or `caller -> callee METHOD /route`, `*` matching any
// service, method or route. Parsing is pure; the CLI reads the file.

export class EdgePolicyError extends Error {
  override name = 'EdgePolicyError'
}

const RULE = /^(\S+)\s*->\s*(\S+)(?:\s+([A-Z]+|\*)\s+(\/\S*|\*))?$/

/**
 * Validates a parsed policy document: a list of rules, or a mapping with an
 * `edges` list (so the simulator's labels file works as a policy too).
 */
export function parseEdgePolicy(document: unknown, source: string): string[] {
  const list = Array.isArray(document)
    ? document
    : typeof document === 'object' && document !== null && Array.isArray((document as { edges?: unknown }).edges)
      ? (document as { edges: unknown[] }).edges
      : undefined
  if (!list)
    throw new EdgePolicyError(
      `${source}: expected a list of edges such as "orders -> payments" or "orders -> payments POST /charge" (or a mapping with an edges: list)`,
    )
  if (list.length === 0)
    throw new EdgePolicyError(
      `${source}: the edges list is empty, which would forbid every call; list the allowed edges, or drop the policy`,
    )
  return list.map((rule, i) => {
    if (typeof rule !== 'string' || !RULE.test(rule.trim()))
      throw new EdgePolicyError(
        `${source}: edge ${i + 1} is ${JSON.stringify(rule)}; expected "caller -> callee" or "caller -> callee METHOD /route" (* matches anything)`,
      )
    return rule.trim()
  })
}

export interface PolicyEdge {
  caller: string
  callee: string
  method?: string
  route?: string
}

/** Whether any rule allows the call. */
export function edgeAllowed(policy: readonly string[], edge: PolicyEdge): boolean {
  return policy.some((rule) => {
    const [, from, to, method, route] = RULE.exec(rule) ?? []
    if (from !== '*' && from !== edge.caller) return false
    if (to !== '*' && to !== edge.callee) return false
    if (method && method !== '*' && method !== edge.method) return false
    return !route || route === '*' || route === edge.route
  })
}
