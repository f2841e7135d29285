// ClickHouse's HTTP interface over the embedded store, read-only and
// authenticated, so a Grafana ClickHouse datasource (HTTP protocol) or any
// ClickHouse client can query `tracehound up`'s data. Every statement runs
// in a readonly = 1 engine session after the read-only guard has seen the
// engine's parse of it; one statement per request, as a server allows.
import { timingSafeEqual, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync, gzipSync, inflateSync } from 'node:zlib'
import type { ChdbStore } from '../chdb-store.ts'
import type { ReadLimits, ReadOnlySession } from '../read-only-session.ts'
import { judgeAst, judgeCanonical, splitFormatClause } from './read-only-guard.ts'

export interface ClickHouseHttpInterfaceOptions {
  host: string
  port: number
  /** The one user the interface knows. */
  user: string
  password: string
  /** Largest query text accepted (after decompression too). @default 1 MiB */
  maxQueryBytes?: number
  /** What one query may cost (time, memory, result size); the client cannot lift them. @default DEFAULT_READ_LIMITS */
  limits?: ReadLimits
  log?: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void
}

export interface ClickHouseHttpInterface {
  readonly url: string
  close(): Promise<void>
}

// URL parameters the HTTP layer itself reads.
const HTTP_PARAMETERS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'session_timeout',
  'user',
  'password',
  'enable_http_compression',
  'compress',
  'decompress',
])
// Settings clients send by habit that change nothing about a read here;
// accepted and not applied (the engine session is readonly = 1).
const IGNORED_SETTINGS = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'max_result_rows',
  'max_result_bytes',
  'result_overflow_mode',
  'log_comment',
  'cancel_http_readonly_queries_on_client_close',
  'date_time_input_format',
  'output_format_json_quote_64bit_integers',
])

class HttpQueryError extends Error {
  readonly status: number
  readonly code: number
  constructor(status: number, code: number, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

const engineCode = (message: string): number => Number(/Code: (\d+)/.exec(message)?.[1] ?? 1002)

function statusForCode(code: number): number {
  if ([62, 27, 36, 41, 43, 47, 53, 456, 457].includes(code)) return 400
  if (code === 60 || code === 81) return 404
  if (code === 516) return 401
  if (code === 164 || code === 497) return 403
  return 500
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString()
    const colon = decoded.indexOf(':')
    return colon < 0
      ? { user: decoded, password: '' }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  const header = (name: string): string | undefined => {
    const value = req.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  return {
    user: header('x-clickhouse-user') ?? url.searchParams.get('user') ?? 'default',
    password: header('x-clickhouse-key') ?? url.searchParams.get('password') ?? '',
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new HttpQueryError(413, 1002, `query larger than ${limit} bytes`)
    chunks.push(chunk as Buffer)
  }
  const raw = Buffer.concat(chunks)
  const encoding = req.headers['content-encoding']
  // Inflated with a bound: a small gzip bomb stops at the limit instead of filling memory.
  let body: Buffer
  try {
    body =
      encoding === 'gzip'
        ? gunzipSync(raw, { maxOutputLength: limit + 1 })
        : encoding === 'deflate'
          ? inflateSync(raw, { maxOutputLength: limit + 1 })
          : raw
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpQueryError(413, 1002, `query larger than ${limit} bytes once decompressed`)
    throw new HttpQueryError(400, 1002, `request body is not valid ${encoding} data`)
  }
  if (body.length > limit) throw new HttpQueryError(413, 1002, `query larger than ${limit} bytes`)
  return body.toString('utf8')
}

function contentType(format: string): string {
  if (/^JSON/.test(format)) return 'application/json; charset=UTF-8'
  if (/^(Native|RowBinary|Parquet|Arrow|ORC|Avro)/.test(format)) return 'application/octet-stream'
  return 'text/plain; charset=UTF-8'
}

interface ParsedRequest {
  sql: string
  params: Record<string, string>
  defaultFormat: string | undefined
  /** A client's own `max_execution_time`: honoured when below the session's limit (which always holds). */
  maxExecutionSeconds: number | undefined
}

/** `?max_execution_time=` as seconds; 0 means no limit of the client's own (the session's still holds). */
function clientTimeLimit(value: string | null): number | undefined {
  if (value === null) return undefined
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new HttpQueryError(
      400,
      72,
      `setting max_execution_time = ${JSON.stringify(value.slice(0, 40))}: expected seconds (a number ≥ 0)`,
    )
  return seconds > 0 ? seconds : undefined
}

function parseParameters(url: URL): Omit<ParsedRequest, 'sql'> {
  const params: Record<string, string> = {}
  for (const [key, value] of url.searchParams) {
    if (key.startsWith('param_')) params[key.slice(6)] = value
    else if (key === 'max_execution_time')
      continue // read below
    else if (HTTP_PARAMETERS.has(key) || IGNORED_SETTINGS.has(key)) continue
    else if (key === 'session_timezone' && value === 'UTC') continue
    else
      throw new HttpQueryError(
        403,
        164,
        `setting ${key} cannot be changed on the read-only interface of the embedded store (it serves reads with the engine's defaults)`,
      )
  }
  const database = url.searchParams.get('database')
  if (database && database !== 'default')
    throw new HttpQueryError(
      404,
      81,
      `Database ${database} does not exist: the embedded store keeps its tables in "default"`,
    )
  return {
    params,
    defaultFormat: url.searchParams.get('default_format') ?? undefined,
    maxExecutionSeconds: clientTimeLimit(url.searchParams.get('max_execution_time')),
  }
}

async function execute(
  session: ReadOnlySession,
  request: ParsedRequest,
  formatHeader: string | undefined,
  signal: AbortSignal,
): Promise<{ output: Buffer; format: string }> {
  if (request.sql.trim() === '')
    throw new HttpQueryError(400, 62, 'empty query: send the statement in the body or in ?query=')
  // The engine's canonical text of the statement: one statement, parsed as the engine parses it.
  const canonical = (
    await session.query('SELECT formatQuery({statement:String})', { statement: request.sql }, 'TabSeparatedRaw')
  )
    .toString('utf8')
    .replace(/\n$/, '')
  const textVerdict = judgeCanonical(canonical)
  if (!textVerdict.allowed)
    throw new HttpQueryError(403, 497, `${textVerdict.reason}. The embedded store's HTTP interface is read-only.`)
  const { statement, format: clauseFormat } = splitFormatClause(canonical)
  const ast = (await session.query(`EXPLAIN AST ${statement}`, request.params, 'TabSeparatedRaw')).toString('utf8')
  const verdict = judgeAst(ast)
  if (!verdict.allowed)
    throw new HttpQueryError(403, 497, `${verdict.reason}. The embedded store's HTTP interface is read-only.`)
  const format = clauseFormat ?? request.defaultFormat ?? formatHeader ?? 'TabSeparated'
  return { output: await session.query(statement, request.params, format, signal), format }
}

export async function startClickHouseHttpInterface(
  store: ChdbStore,
  options: ClickHouseHttpInterfaceOptions,
): Promise<ClickHouseHttpInterface> {
  if (!options.password)
    throw new Error(
      'the ClickHouse HTTP interface needs a password (TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD): it serves the stored spans',
    )
  const session = await store.openReadOnlySession(options.limits ?? {})
  const limit = options.maxQueryBytes ?? 1024 * 1024
  const log = options.log ?? (() => undefined)

  const fail = (res: ServerResponse, err: unknown): void => {
    const known = err instanceof HttpQueryError
    const message = err instanceof Error ? err.message : String(err)
    const code = known ? err.code : engineCode(message)
    const status = known ? err.status : statusForCode(code)
    const text = message.startsWith('Code:') ? message : `Code: ${code}. DB::Exception: ${message}`
    if (status === 403)
      log('warn', 'refused a query on the read-only ClickHouse interface', { code, error: message.slice(0, 300) })
    if (!res.headersSent)
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(code),
      })
    res.end(`${text}\n`)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/ping' || url.pathname === '/replicas_status') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n')
      return
    }
    if (url.pathname !== '/') throw new HttpQueryError(404, 1002, `no handler for ${url.pathname}: send queries to /`)
    if (req.method !== 'GET' && req.method !== 'POST')
      throw new HttpQueryError(405, 1002, `method ${req.method}: use GET or POST`)
    const { user, password } = credentials(req, url)
    if (!sameSecret(user, options.user) || !sameSecret(password, options.password)) {
      throw new HttpQueryError(
        401,
        516,
        `${user}: Authentication failed: password is incorrect, or there is no user with such name`,
      )
    }
    const parameters = parseParameters(url)
    const body = await readBody(req, limit)
    const sql = [url.searchParams.get('query') ?? '', body].filter((part) => part.trim() !== '').join('\n')
    const formatHeader = req.headers['x-clickhouse-format']
    // A client that disconnects (Grafana's panel closed, a timeout) cancels its query: it would
    // otherwise hold the read session, and everyone queued behind it, until its time limit.
    const gone = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) gone.abort()
    })
    // A client asking for less time than the session allows gets it: its query is cancelled the same way.
    const own = parameters.maxExecutionSeconds
    const deadline = own !== undefined ? AbortSignal.timeout(own * 1000) : undefined
    const { output, format } = await execute(
      session,
      { sql, ...parameters },
      Array.isArray(formatHeader) ? formatHeader[0] : formatHeader,
      deadline ? AbortSignal.any([gone.signal, deadline]) : gone.signal,
    ).catch((err: unknown) => {
      if (deadline?.aborted && !gone.signal.aborted)
        throw new HttpQueryError(
          500,
          159,
          `Timeout exceeded: maximum: ${own} seconds (the client's max_execution_time). (TIMEOUT_EXCEEDED)`,
        )
      throw err
    })
    const gzip =
      url.searchParams.get('enable_http_compression') === '1' &&
      /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    res.writeHead(200, {
      'Content-Type': contentType(format),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Query-Id': url.searchParams.get('query_id') ?? randomUUID(),
      'X-ClickHouse-Timezone': 'UTC',
      'X-ClickHouse-Summary': JSON.stringify({
        read_rows: '0',
        read_bytes: '0',
        written_rows: '0',
        written_bytes: '0',
        total_rows_to_read: '0',
        result_rows: '0',
        result_bytes: String(output.length),
      }),
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    })
    res.end(gzip ? gzipSync(output) : output)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => fail(res, err))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  log('info', 'ClickHouse HTTP interface (read-only) listening', { url, user: options.user })
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await session.close()
    },
  }
}
