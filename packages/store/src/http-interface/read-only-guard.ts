// Decides whether a statement may run on the embedded store's read-only HTTP
// interface, from the engine's own parse of it (EXPLAIN AST). The engine's
// `readonly = 1` already refuses writes, DDL, SET and the file/url/remote
// table functions; what it lets through and a ClickHouse server would not is
// the scalar file() function (a server confines it to user_files_path, the
// embedded engine reads any path), `INTO OUTFILE` (a client-side clause on a
// server, executed by the embedded engine: it writes any path the process
// can) — and any table function we have not looked at. Pure: the engine's
// canonical text and AST in, a verdict out.
//
// It is an allow-list of what Grafana's ClickHouse datasource and the
// official clients send: SELECT (with UNION/INTERSECT/EXCEPT, CTEs,
// subqueries, FORMAT), SHOW TABLES/DATABASES, DESCRIBE, EXISTS, SHOW CREATE;
// table functions that only generate rows; every other statement kind,
// clause and table function is refused before the engine runs anything.

/** Statement kinds a dashboard or a client's introspection needs. */
const ALLOWED_ROOTS = [
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'ShowTables',
  'DescribeQuery',
  'ExistsTableQuery',
  'ShowCreateTableQuery',
]

/** Table functions that only generate data in memory. */
const ALLOWED_TABLE_FUNCTIONS = new Set([
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'values',
  'generate_series',
  'generateSeries',
  'null',
  'view',
])

/** Scalar functions that reach outside the database. */
const DENIED_FUNCTIONS = new Set(['file'])

export type GuardVerdict = { allowed: true } | { allowed: false; reason: string }

interface AstLine {
  depth: number
  text: string
}

function lines(ast: string): AstLine[] {
  return ast
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ depth: line.length - line.trimStart().length, text: line.trim() }))
}

const functionName = (text: string): string | undefined => /^Function (\S+)/.exec(text)?.[1]

/**
 * The engine's canonical text puts `INTO OUTFILE` on a line of its own and
 * escapes line breaks inside string literals, so a line that starts with it
 * is the clause (in every form: APPEND, TRUNCATE, AND STDOUT, COMPRESSION).
 */
export function judgeCanonical(canonical: string): GuardVerdict {
  if (/^\s*INTO\s+OUTFILE\b/im.test(canonical))
    return {
      allowed: false,
      reason: 'INTO OUTFILE is not available on the read-only interface (it would write a file on this host)',
    }
  return { allowed: true }
}

export function judgeAst(ast: string): GuardVerdict {
  const nodes = lines(ast)
  const root = nodes[0]?.text.split(' ')[0] ?? ''
  if (!ALLOWED_ROOTS.includes(root)) {
    return {
      allowed: false,
      reason: `only SELECT, SHOW, DESCRIBE, EXISTS and SHOW CREATE are served here (got ${root || 'a statement of unknown kind'})`,
    }
  }
  // A SELECT's own children are its query list; a Literal beside it is an
  // INTO OUTFILE path (or its compression), whatever the text looked like.
  if (root === 'SelectWithUnionQuery' || root === 'SelectIntersectExceptQuery') {
    const top = nodes.filter((n) => n.depth === (nodes[1]?.depth ?? 1))
    const odd = top.find(
      (n) => !/^(ExpressionList|SelectQuery|SelectWithUnionQuery|SelectIntersectExceptQuery)\b/.test(n.text),
    )
    if (odd)
      return {
        allowed: false,
        reason: `clause ${odd.text.split(' ')[0]} beside the SELECT is not available on the read-only interface (INTO OUTFILE?)`,
      }
  }
  for (const [i, node] of nodes.entries()) {
    const name = functionName(node.text)
    if (name === undefined) continue
    const parent = nodes
      .slice(0, i)
      .reverse()
      .find((n) => n.depth < node.depth)
    if (parent?.text.startsWith('TableExpression')) {
      if (!ALLOWED_TABLE_FUNCTIONS.has(name))
        return { allowed: false, reason: `table function ${name}() is not available on the read-only interface` }
    } else if (DENIED_FUNCTIONS.has(name)) {
      return { allowed: false, reason: `function ${name}() is not available on the read-only interface` }
    }
  }
  return { allowed: true }
}

/**
 * Splits the canonical text of a statement (the engine's formatQuery output,
 * which puts a FORMAT clause on its own last line) into the statement and
 * the output format it names.
 */
export function splitFormatClause(canonical: string): { statement: string; format: string | undefined } {
  const match = /\nFORMAT (\w+)\s*$/.exec(canonical)
  if (!match) return { statement: canonical.trim(), format: undefined }
  return { statement: canonical.slice(0, match.index).trim(), format: match[1] }
}
