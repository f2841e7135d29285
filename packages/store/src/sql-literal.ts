/**
 * A ClickHouse string literal. Only for values that are ours (paths, tokens,
 * cluster paths) where a statement cannot take bound parameters; span data is
 * always bound, never quoted into SQL.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}
