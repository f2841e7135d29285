// The volume history the rollup reader gives rate_spike, on the real engine:
// recent minutes, and the minutes of the epoch's time of day on earlier days
// (read once per epoch), each with its offset so that a window keeps the
// ones within ±30 min of its own time of day.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG } from '../src/index.ts'
import { readDetectionInput } from '../src/rollup-reader.ts'
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
    [DAY - 20 * 60, 7], // yesterday 09:20: within ±30 min of 09:00
    [DAY - 50 * 60, 9], // yesterday 09:50: read for the epoch, outside the window's slot
    [DAY + 10 * 60, 3], // yesterday 08:50: within the slot
    [DAY + 3 * HOUR, 11], // yesterday 06:00: neither
    [2 * DAY - 29 * 60, 13], // two days ago 09:29: within the slot
    [5 * HOUR, 17], // today 04:00: neither recent nor a time-of-day match
  ]
  for (const [before, count] of minutes) {
    for (let i = 0; i < count; i++)
      traffic.request({
        at: WINDOW - before + i,
        service: 'reports',
        method: 'POST',
        route: '/export',
        path: '/export',
        status: 200,
        user: 'u',
        client: '10.0.0.1',
      })
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
    expect(history).toMatchObject({
      service: 'reports',
      method: 'POST',
      route: '/export',
      firstSeen: WINDOW - 2 * DAY + 29 * 60,
    })
    expect(history!.perMinute).toEqual([5])
    const at = WINDOW - history!.epochStart!
    const seasonal = history!.seasonal
      .map((value, i) => [value, history!.seasonalDaysAgo[i], history!.seasonalOffsets![i]!])
      .filter(([, , offset]) => Math.abs(offset! - at) <= DEFAULT_DETECTOR_CONFIG.seasonalSlotSeconds)
      .map(([value, daysAgo]) => [value, daysAgo])
      .sort((a, b) => a[0]! - b[0]!)
    expect(seasonal).toEqual([
      [3, 1],
      [7, 1],
      [13, 2],
    ])
    expect(history!.seasonal).not.toContain(11)
    expect(history!.seasonal).toContain(9)
  })
})
