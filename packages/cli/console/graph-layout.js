// Where each service goes in the graph: columns by call depth (services no
// one calls on the left, each callee one column right of its deepest known
// caller, cycles cut), rows in name order within a column. Pure: edges in,
// positions out.

/**
 * @param {{ caller: string, callee: string }[]} edges
 * @returns {Map<string, { column: number, row: number }>}
 */
export function layoutGraph(edges) {
  const nodes = [...new Set(edges.flatMap((e) => [e.caller, e.callee]))].sort()
  const callers = new Map(nodes.map((n) => [n, []]))
  for (const e of edges) if (e.caller !== e.callee) callers.get(e.callee).push(e.caller)
  const column = new Map()
  const visiting = new Set()
  const depth = (node) => {
    if (column.has(node)) return column.get(node)
    if (visiting.has(node)) return 0 // a cycle: place it where it was first reached
    visiting.add(node)
    const d = callers.get(node).length ? 1 + Math.max(...callers.get(node).map(depth)) : 0
    visiting.delete(node)
    column.set(node, d)
    return d
  }
  for (const n of nodes) depth(n)
  const rows = new Map()
  const positions = new Map()
  for (const n of nodes) {
    const c = column.get(n)
    const row = rows.get(c) ?? 0
    rows.set(c, row + 1)
    positions.set(n, { column: c, row })
  }
  return positions
}
