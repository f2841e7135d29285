// TEST UTILITY — stands in for a ClickHouse server, which cannot be installed
// on this machine. It speaks the subset of ClickHouse's HTTP interface that
// @clickhouse/client uses (/ping; POST with the query in the body or in
// `?query=` with data in the body; `param_*` bindings; settings as URL
// parameters; gzip request bodies; Basic or X-ClickHouse-User/Key auth; errors
// as `Code: N. DB::Exception: …` with X-ClickHouse-Exception-Code) and runs
// every statement on the real ClickHouse engine (chdb). The HTTP path of the
// server backend is exercised for real; only the server process is stood in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Session } from 'chdb'

export interface ClickHouseHttpOnChdb {
  readonly url: string
  /** Every request's query text, for assertions on what the client sent. */
  readonly requests: string[]
  /** Makes the next `count` requests fail with a 503, like an overloaded server. */
  failNext(count: number): void
  /** Executes the next `count` inserts, then answers 503 as if the response was lost: the client cannot know they succeeded. */
  loseInsertResponses(count: number): void
  close(): Promise<void>
}

// Settings the HTTP layer consumes itself; they are not engine settings.
const HTTP_ONLY = new Set([
  'query',
  'database',
  'default_format',
  'wait_end_of_query',
  'enable_http_compression',
  'query_id',
  'session_id',
  'compress',
  'decompress',
  'user',
  'password',
])
const INSERT = /^\s*INSERT\s+INTO\s+([A-Za-z_][\w.]*)\s*(?:\(([^)]*)\))?\s*FORMAT\s+(\w+)\s*$/is

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
}

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  if (basic) {
    const [user = '', password = ''] = Buffer.from(basic, 'base64').toString().split(':')
    return { user, password }
  }
  return {
    user: String(req.headers['x-clickhouse-user'] ?? url.searchParams.get('user') ?? 'default'),
    password: String(req.headers['x-clickhouse-key'] ?? url.searchParams.get('password') ?? ''),
  }
}

function errorCode(message: string): number {
  return Number(/Code: (\d+)/.exec(message)?.[1] ?? 1002)
}

export async function startClickHouseHttpOnChdb(options: {
  dataDir: string
  user: string
  password: string
}): Promise<ClickHouseHttpOnChdb> {
  const session = new Session(options.dataDir)
  const spool = mkdtempSync(join(tmpdir(), 'clickhouse-http-on-chdb-'))
  let spooled = 0
  const requests: string[] = []
  let failures = 0
  let lostResponses = 0
  // chdb runs one statement at a time per session; keep HTTP requests in order.
  let queue: Promise<unknown> = Promise.resolve()

  const execute = async (
    sql: string,
    data: Buffer | undefined,
    settings: Record<string, string>,
    params: Record<string, string>,
  ): Promise<Buffer> => {
    const insert = data ? INSERT.exec(sql) : null
    if (data && insert) {
      const [, table = '', columns, format = ''] = insert
      if (format === 'Native') {
        // chdb's Buffer insert takes text formats only; the engine reads Native from a file.
        const file = join(spool, `insert-${++spooled}.native`)
        writeFileSync(file, data)
        try {
          const applied = Object.entries(settings)
            .filter(([key]) => /^[a-z_0-9]+$/.test(key))
            .map(([key, value]) => `${key} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
          await session.queryAsync(
            `INSERT INTO ${table} FROM INFILE '${file}' ${applied.length ? `SETTINGS ${applied.join(', ')}` : ''} FORMAT Native`,
          )
        } finally {
          rmSync(file, { force: true })
        }
        return Buffer.alloc(0)
      }
      await session.insert({
        table,
        values: data,
        format: format as 'JSONEachRow',
        ...(columns ? { columns: columns.split(',').map((c) => c.trim()) } : {}),
        settings,
      })
      return Buffer.alloc(0)
    }
    if (data)
      throw new Error(
        'Code: 62. DB::Exception: data in the body needs an INSERT … FORMAT query in ?query=. (SYNTAX_ERROR)',
      )
    // Session settings the client sends with every request (session_timezone…):
    // the same on every request, so setting them on the shared session is safe.
    for (const [key, value] of Object.entries(settings)) {
      if (!/^[a-z_0-9]+$/.test(key)) continue
      await session.queryAsync(`SET ${key} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    }
    const result = await session.queryBindAsync(sql, params, { format: 'TabSeparated' })
    return Buffer.from(result.bytes())
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/ping') {
      res.end('Ok.\n')
      return
    }
    queue = queue.then(async () => {
      const { user, password } = credentials(req, url)
      const payload = await body(req)
      const queryParam = url.searchParams.get('query')
      const sql = queryParam ?? payload.toString('utf8')
      requests.push(sql)
      if (user !== options.user || password !== options.password) {
        res.writeHead(401, { 'X-ClickHouse-Exception-Code': '516' })
        res.end(
          `Code: 516. DB::Exception: ${user}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)\n`,
        )
        return
      }
      if (failures > 0) {
        failures--
        res.writeHead(503, { 'X-ClickHouse-Exception-Code': '202' })
        res.end('Code: 202. DB::Exception: Too many simultaneous queries. (TOO_MANY_SIMULTANEOUS_QUERIES)\n')
        return
      }
      const settings: Record<string, string> = {}
      const params: Record<string, string> = {}
      for (const [key, value] of url.searchParams) {
        if (key.startsWith('param_')) params[key.slice(6)] = value
        else if (!HTTP_ONLY.has(key)) settings[key] = value
      }
      try {
        const data = queryParam !== null && payload.length > 0 ? payload : undefined
        const output = await execute(sql, data, settings, params)
        if (data && lostResponses > 0) {
          lostResponses--
          res.writeHead(503, { 'X-ClickHouse-Exception-Code': '209' })
          res.end('Code: 209. DB::Exception: Timeout exceeded while writing to socket. (SOCKET_TIMEOUT)\n')
          return
        }
        res.writeHead(200, {
          'Content-Type': 'text/plain; charset=UTF-8',
          'X-ClickHouse-Summary': '{}',
          'X-ClickHouse-Timezone': 'UTC',
        })
        res.end(output)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        const code = errorCode(message)
        res.writeHead(code === 62 || code === 27 || code === 117 ? 400 : 500, {
          'X-ClickHouse-Exception-Code': String(code),
        })
        res.end(message.startsWith('Code:') ? `${message}\n` : `Code: ${code}. DB::Exception: ${message}\n`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count) {
      failures = count
    },
    loseInsertResponses(count) {
      lostResponses = count
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await queue.catch(() => undefined)
      session.close()
      rmSync(spool, { recursive: true, force: true })
    },
  }
}
