// The volume history the rollup reader gives rate_spike, on the real engine:
// recent minutes, and the minutes of the window's hour of the day on earlier
// days (read once per hour: the slot is the hour ± its half).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG, readDetectionInput } from '../src/index.ts'
import { Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-rollup-reader-'))
let store: ChdbStore
const WINDOW = Date.UTC(2026, 10, 25, 9, 0) / 1000
const HOUR = 3600
const DAY = 86_400

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(3)
  // minute start (seconds before the window) → requests in that minute
  const minutes: [number, number][] = [
    [HOUR, 5], // recent
    [DAY - 20 * 60, 7], // yesterday 09:20: in the 09:00–10:00 slot
    [DAY - 50 * 60, 9], // yesterday 09:50: in the slot
    [DAY + 10 * 60, 3], // yesterday 08:50: before the hour, outside
    [DAY - 3 * HOUR, 11], // yesterday 12:00: neither
    [2 * DAY - 29 * 60, 13], // two days ago 09:29: in the slot
    [5 * HOUR, 17], // today 04:00: neither recent nor a time-of-day match
  ]
  for (const [before, count] of minutes) {
    for (let i = 0; i < count; i++) traffic.request({ at: WINDOW - before + i, service: 'reports', method: 'POST', route: '/export', path: '/export', status: 200, user: 'u', client: '10.0.0.1' })
  }
  await store.insert('otel_traces', traffic.spans, { dedupToken: 'rollup-reader' })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('readDetectionInput: volume history', () => {
  it('splits the history into recent minutes and time-of-day minutes of earlier days', async () => {
    const input = await readDetectionInput(store, { start: WINDOW, end: WINDOW + 60 }, DEFAULT_DETECTOR_CONFIG)
    const [history] = input.endpointHistory
    expect(history).toMatchObject({ service: 'reports', method: 'POST', route: '/export', firstSeen: WINDOW - 2 * DAY + 29 * 60 })
    expect(history!.perMinute).toEqual([5])
    const seasonal = history!.seasonal.map((value, i) => [value, history!.seasonalDaysAgo[i]]).sort((a, b) => a[0]! - b[0]!)
    expect(seasonal).toEqual([
      [7, 1],
      [9, 1],
      [13, 2],
    ])
  })
})
