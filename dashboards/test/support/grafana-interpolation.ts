// TEST UTILITY — stands in for Grafana turning a panel's rawSql into the SQL
// ClickHouse receives: the frontend first replaces dashboard variables
// (`$name`, `${name}`, `${name:sqlstring}`), then the ClickHouse datasource's
// backend expands its macros exactly as grafana/clickhouse-datasource
// pkg/macros/macros.go does (seconds as toDateTime(N), milliseconds as
// fromUnixTimestamp64Milli(N), intervals as toStartOfInterval(…)).

export interface PanelContext {
  /** Epoch seconds of the dashboard's time range. */
  from: number
  to: number
  /** The panel interval Grafana computes from width and range. */
  intervalSeconds: number
  variables: Record<string, string>
}

const sqlstring = (value: string): string => `'${value.replace(/'/g, "''")}'`

export function interpolateVariables(sql: string, variables: Record<string, string>): string {
  return sql.replace(
    /\$\{(\w+)(?::(\w+))?\}|\$(?!__)(\w+)/g,
    (whole, braced?: string, format?: string, bare?: string) => {
      const name = (braced ?? bare)!
      const value = variables[name]
      if (value === undefined)
        throw new Error(`panel SQL uses variable $${name}, which the test context does not define`)
      if (format === undefined) return value
      if (format === 'sqlstring') return sqlstring(value)
      if (format === 'raw') return value
      throw new Error(`variable format ${format} in ${whole} is not handled by this stand-in`)
    },
  )
}

const dateTime = (seconds: number): string => `toDateTime(${Math.floor(seconds)})`
const dateTime64 = (seconds: number): string => `fromUnixTimestamp64Milli(${Math.round(seconds * 1000)})`
const date = (seconds: number): string => `toDate('${new Date(seconds * 1000).toISOString().slice(0, 10)}')`

export function expandMacros(sql: string, context: PanelContext): string {
  const interval = Math.max(1, Math.floor(context.intervalSeconds))
  return sql.replace(/\$__(\w+)(?:\(([^()]*)\))?/g, (whole, name: string, args?: string) => {
    const column = args?.trim() ?? ''
    switch (name) {
      case 'fromTime':
        return dateTime(context.from)
      case 'toTime':
        return dateTime(context.to)
      case 'fromTime_ms':
        return dateTime64(context.from)
      case 'toTime_ms':
        return dateTime64(context.to)
      case 'timeFilter':
        return `${column} >= ${dateTime(context.from)} AND ${column} <= ${dateTime(context.to)}`
      case 'timeFilter_ms':
        return `${column} >= ${dateTime64(context.from)} AND ${column} <= ${dateTime64(context.to)}`
      case 'dateFilter':
        return `${column} >= ${date(context.from)} AND ${column} <= ${date(context.to)}`
      case 'timeInterval':
        return `toStartOfInterval(toDateTime(${column}), INTERVAL ${interval} second)`
      case 'timeInterval_ms':
        return `toStartOfInterval(toDateTime64(${column}, 3), INTERVAL ${interval * 1000} millisecond)`
      case 'interval_s':
        return String(interval)
      default:
        throw new Error(`macro ${whole} is not one the ClickHouse datasource expands`)
    }
  })
}

export function panelSql(rawSql: string, context: PanelContext): string {
  return expandMacros(interpolateVariables(rawSql, context.variables), context)
}
