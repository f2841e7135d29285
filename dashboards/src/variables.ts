// Dashboard variables and the SQL fragments that read them. Values reach SQL
// through Grafana's `sqlstring` format (quoted, ' doubled), never raw, since
// service names and ids come from span data.
import { clickhouse } from './datasources.ts'
import type { Variable } from './grafana-json.ts'

/** The value the `All` option of a query variable stands for. */
export const ALL = '__all'

export function queryVariable(
  name: string,
  label: string,
  sql: string,
  options: { includeAll?: boolean } = {},
): Variable {
  const includeAll = options.includeAll ?? true
  return {
    type: 'query',
    name,
    label,
    datasource: clickhouse,
    definition: sql,
    query: sql,
    refresh: 2,
    sort: 1,
    includeAll,
    ...(includeAll ? { allValue: ALL, current: { text: 'All', value: '$__all' } } : { current: {} }),
    multi: false,
    hide: 0,
    options: [],
  }
}

export function textboxVariable(name: string, label: string, description: string): Variable {
  return {
    type: 'textbox',
    name,
    label,
    description,
    query: '',
    current: { text: '', value: '' },
    hide: 0,
    options: [],
  }
}

/** `column` equals the variable's value, or any value when All is chosen. */
export function matchesVariable(column: string, variable: string): string {
  return `(\${${variable}:sqlstring} = '${ALL}' OR ${column} = \${${variable}:sqlstring})`
}

export const serviceVariable = queryVariable(
  'service',
  'Service',
  'SELECT DISTINCT ServiceName FROM endpoint_minute ORDER BY ServiceName',
)
