// A second engine session on the embedded store's data directory, with
// `readonly = 1`: the engine itself then refuses writes, DDL, SET and the
// file/url/remote table functions for everything run through it, while the
// store's own session keeps writing. Limits are set before readonly, so no
// statement can lift them (a SET is refused in readonly mode).
import { randomUUID } from 'node:crypto'
import { Session } from 'chdb'
import type { QueryParams } from './store.ts'

/** What one read may cost. */
export interface ReadLimits {
  /** @default 30 */
  maxExecutionSeconds?: number
  /** @default 2 GiB */
  maxMemoryBytes?: number
  /** @default 1,000,000 */
  maxResultRows?: number
  /** @default 256 MiB */
  maxResultBytes?: number
}

export const DEFAULT_READ_LIMITS: Required<ReadLimits> = {
  maxExecutionSeconds: 30,
  maxMemoryBytes: 2 * 2 ** 30,
  maxResultRows: 1_000_000,
  maxResultBytes: 256 * 2 ** 20,
}

/** The comment a cancellable read starts with, so KILL QUERY can find it in system.processes. */
export const readTagPrefix = (tag: string): string => `/* tracehound-read ${tag} */`

/** Cancels the running statement that starts with `readTagPrefix(tag)` (from a session that may). */
export type KillRead = (tag: string) => Promise<void>

export class ReadCancelledError extends Error {}

export class ReadOnlySession {
  #session: Session | undefined
  readonly #kill: KillRead | undefined
  // One statement at a time on this session: requests queue in arrival order.
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(session: Session, kill: KillRead | undefined) {
    this.#session = session
    this.#kill = kill
  }

  static async open(dataDir: string, limits: ReadLimits = {}, kill?: KillRead): Promise<ReadOnlySession> {
    const l = { ...DEFAULT_READ_LIMITS, ...limits }
    for (const [name, value] of Object.entries(l)) {
      if (!Number.isInteger(value) || value <= 0)
        throw new RangeError(`read limit ${name} = ${value}: expected a positive whole number`)
    }
    const session = new Session(dataDir)
    await session.queryAsync("SET session_timezone = 'UTC'")
    await session.queryAsync(
      `SET max_execution_time = ${l.maxExecutionSeconds}, max_memory_usage = ${l.maxMemoryBytes}`,
    )
    await session.queryAsync(
      `SET max_result_rows = ${l.maxResultRows}, max_result_bytes = ${l.maxResultBytes}, result_overflow_mode = 'throw'`,
    )
    await session.queryAsync('SET readonly = 1')
    return new ReadOnlySession(session, kill)
  }

  /**
   * Runs one statement, returning the engine's output in `format`. When
   * `signal` aborts (its client went away) a queued statement never starts
   * and a running one is cancelled, so the next reader does not wait for it.
   */
  query(sql: string, params: QueryParams, format: string, signal?: AbortSignal): Promise<Buffer> {
    const run = this.#queue.then(async () => {
      if (!this.#session) throw new Error('the read-only session is closed')
      if (signal?.aborted) throw new ReadCancelledError('the client went away before the query started')
      const tag = randomUUID()
      const cancel = (): void => void this.#kill?.(tag).catch(() => undefined)
      signal?.addEventListener('abort', cancel, { once: true })
      try {
        const result = await this.#session.queryBindAsync(`${readTagPrefix(tag)} ${sql}`, params, { format })
        return Buffer.from(result.bytes())
      } finally {
        signal?.removeEventListener('abort', cancel)
      }
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
