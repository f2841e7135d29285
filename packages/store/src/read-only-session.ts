// A second engine session on the embedded store's data directory, with
// `readonly = 1`: the engine itself then refuses writes, DDL, SET and the
// file/url/remote table functions for everything run through it, while the
// store's own session keeps writing.
import { Session } from 'chdb'
import type { QueryParams } from './store.ts'

export class ReadOnlySession {
  #session: Session | undefined
  // One statement at a time on this session: requests queue in arrival order.
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(session: Session) {
    this.#session = session
  }

  static async open(dataDir: string): Promise<ReadOnlySession> {
    const session = new Session(dataDir)
    await session.queryAsync("SET session_timezone = 'UTC'")
    await session.queryAsync('SET readonly = 1')
    return new ReadOnlySession(session)
  }

  /** Runs one statement, returning the engine's output in `format`. */
  query(sql: string, params: QueryParams, format: string): Promise<Buffer> {
    const run = this.#queue.then(async () => {
      if (!this.#session) throw new Error('the read-only session is closed')
      const result = await this.#session.queryBindAsync(sql, params, { format })
      return Buffer.from(result.bytes())
    })
    this.#queue = run.catch(() => undefined)
    return run
  }

  async close(): Promise<void> {
    await this.#queue
    this.#session?.close()
    this.#session = undefined
  }
}
