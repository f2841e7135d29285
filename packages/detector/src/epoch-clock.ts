// When baselines and flows are learned again. Learning reads the whole
// history, so it is done once per epoch of event time and cached: every 10
// minutes while the store holds less than 2 hours of history (baselines are
// taking shape, and learning is cheap), every hour up to a day, then every
// `baselineRefreshSeconds` (3 h) — a day of history moves little in three
// hours, and backfilling a day then learns 8 times instead of 24. The epoch depends only on event time and on when the
// stored history starts, so a replayed range and live detection agree.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'

const MINUTE = 60
const HOUR = 3600
/** Epoch grid: every epoch starts on a multiple of this. */
const GRID = 10 * MINUTE

/** Epoch length by the history's age: short while baselines take shape, long once they are settled. */
function tiers(config: Pick<DetectorConfig, 'baselineRefreshSeconds'>): { until: number; length: number }[] {
  return [
    { until: 2 * HOUR, length: GRID },
    { until: MATURE_HISTORY_SECONDS, length: HOUR },
    { until: Infinity, length: Math.max(HOUR, Math.round(config.baselineRefreshSeconds / HOUR) * HOUR) },
  ]
}

/** History after which learning moves to `baselineRefreshSeconds`. */
export const MATURE_HISTORY_SECONDS = 24 * HOUR

/** Pure: the start of the epoch `seconds` falls in, given when the history starts. */
export function epochStart(
  seconds: number,
  historyStart: number | undefined,
  config: Pick<DetectorConfig, 'baselineRefreshSeconds'>,
): number {
  const grid = Math.floor(seconds / GRID) * GRID
  if (historyStart === undefined) return grid
  const age = grid - historyStart
  const all = tiers(config)
  const i = all.findIndex((t) => age < t.until)
  const { length } = all[i]!
  // A tier starts on the grid point where the history reaches its age, so no epoch straddles two tiers.
  const tierStart = i === 0 ? -Infinity : Math.ceil((historyStart + all[i - 1]!.until) / GRID) * GRID
  return Math.max(Math.floor(seconds / length) * length, tierStart)
}

export class EpochClock {
  readonly #store: Store
  readonly #config: DetectorConfig
  #historyStart: number | undefined

  constructor(store: Store, config: DetectorConfig) {
    this.#store = store
    this.#config = config
  }

  async epochOf(seconds: number): Promise<number> {
    return epochStart(seconds, await this.#start(), this.#config)
  }

  /** How long the epoch starting at `epoch` lasts. */
  async lengthOf(epoch: number): Promise<number> {
    const start = await this.#start()
    let length = GRID
    while (
      length < Math.max(HOUR, this.#config.baselineRefreshSeconds) &&
      epochStart(epoch + length, start, this.#config) === epoch
    )
      length += GRID
    return length
  }

  /** The first minute of stored history; asked again until there is one (and after a failed read). */
  async #start(): Promise<number | undefined> {
    if (this.#historyStart === undefined) {
      const [row] = await this.#store.query<{ t: string; rows: string }>(
        'SELECT toUInt32(min(Minute)) AS t, count() AS rows FROM endpoint_minute',
      )
      if (Number(row?.rows ?? 0) > 0) this.#historyStart = Number(row?.t)
    }
    return this.#historyStart
  }
}
