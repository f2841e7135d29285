// Decides whether a statement may run on the embedded store's read-only HTTP
// interface, from the engine's own parse of it (EXPLAIN AST). The engine's
// `readonly = 1` already refuses writes, DDL, SET and the file/url/remote
// table functions; what it lets through and a ClickHouse server would not is
// the scalar file() function (a server confines it to user_files_path, the
// embedded engine reads any path) — and any table function we have not
// looked at. Pure: the AST text in, a verdict out.

/** Statement kinds a dashboard or a client's introspection needs. */
const ALLOWED_ROOTS = ['SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'ShowTables', 'DescribeQuery', 'ExistsTableQuery', 'ShowCreateTableQuery']

/** Table functions that only generate data in memory. */
const ALLOWED_TABLE_FUNCTIONS = new Set(['numbers', 'numbers_mt', 'zeros', 'zeros_mt', 'values', 'generate_series', 'generateSeries', 'null', 'view'])

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

export function judgeAst(ast: string): GuardVerdict {
  const nodes = lines(ast)
  const root = nodes[0]?.text.split(' ')[0] ?? ''
  if (!ALLOWED_ROOTS.includes(root)) {
    return { allowed: false, reason: `only SELECT, SHOW, DESCRIBE, EXISTS and SHOW CREATE are served here (got ${root || "a statement of unknown kind"})` }
  }
  for (const [i, node] of nodes.entries()) {
    const name = functionName(node.text)
    if (name === undefined) continue
    const parent = nodes.slice(0, i).reverse().find((n) => n.depth < node.depth)
    if (parent?.text.startsWith('TableExpression')) {
      if (!ALLOWED_TABLE_FUNCTIONS.has(name)) return { allowed: false, reason: `table function ${name}() is not available on the read-only interface` }
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
