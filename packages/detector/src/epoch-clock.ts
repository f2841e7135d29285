// When baselines and flows are learned again. Learning reads the whole
// history, so it is done once per epoch of event time and cached: every
// hour while the store holds less than a day of history (baselines are
// still taking shape), then every `baselineRefreshSeconds` (3 h) — a day of
// history moves little in three hours, and backfilling a day then learns 8
// times instead of 24. The epoch depends only on event time and on when the
// stored history starts, so a replayed range and live detection agree.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'

const HOUR = 3600
/** History after which learning moves from hourly to `baselineRefreshSeconds`. */
export const MATURE_HISTORY_SECONDS = 24 * HOUR

/** Pure: the start of the epoch `seconds` falls in, given when the history starts. */
export function epochStart(seconds: number, historyStart: number | undefined, config: Pick<DetectorConfig, 'baselineRefreshSeconds'>): number {
  const hour = Math.floor(seconds / HOUR) * HOUR
  if (historyStart === undefined || hour - historyStart < MATURE_HISTORY_SECONDS) return hour
  const every = Math.max(HOUR, config.baselineRefreshSeconds)
  // Never back into the young period: the first mature epoch starts where it ends.
  return Math.max(Math.floor(seconds / every) * every, Math.ceil((historyStart + MATURE_HISTORY_SECONDS) / HOUR) * HOUR)
}

export class EpochClock {
  readonly #store: Store
  readonly #config: DetectorConfig
  #historyStart: Promise<number | undefined> | undefined

  constructor(store: Store, config: DetectorConfig) {
    this.#store = store
    this.#config = config
  }

  async epochOf(seconds: number): Promise<number> {
    return epochStart(seconds, await this.#start(), this.#config)
  }

  /** How long the epoch starting at `epoch` lasts (whole hours). */
  async lengthOf(epoch: number): Promise<number> {
    const start = await this.#start()
    let length = HOUR
    while (length < Math.max(HOUR, this.#config.baselineRefreshSeconds) && epochStart(epoch + length, start, this.#config) === epoch) length += HOUR
    return length
  }

  /** The first minute of stored history (asked again until there is one). */
  #start(): Promise<number | undefined> {
    this.#historyStart ??= this.#store.query<{ t: string; rows: string }>('SELECT toUInt32(min(Minute)) AS t, count() AS rows FROM endpoint_minute').then((rows) => {
      const found = Number(rows[0]?.rows ?? 0) > 0 ? Number(rows[0]?.t) : undefined
      if (found === undefined) this.#historyStart = undefined
      return found
    })
    return this.#historyStart
  }
}
