// Seasonality of rate_spike, on synthetic histories: a minute is judged
// against the same time of day on earlier days (the same weekday once there
// is a week), and against the recent hours only until a day of history exists.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG } from '../src/detector-config.ts'
import type { EndpointHistory } from '../src/detection-input.ts'
import { detectRateSpikes } from '../src/detectors/rate-spike.ts'
import { volumeBaseline } from '../src/volume-baseline.ts'
import { detectionInput } from './support/detection-input.ts'

const DAY = 86_400
const WINDOW_START = Date.UTC(2026, 10, 25, 9, 2) / 1000 // a Wednesday, 09:02 UTC
const config = DEFAULT_DETECTOR_CONFIG

/** Builds the history the rollup reader returns, from a rate per minute of the day. */
function history(days: number, rateAt: (minuteOfDay: number, daysAgo: number) => number): EndpointHistory {
  const h: EndpointHistory = {
    service: 'reports',
    method: 'POST',
    route: '/export',
    firstSeen: WINDOW_START - days * DAY,
    perMinute: [],
    seasonal: [],
    seasonalDaysAgo: [],
  }
  for (let t = WINDOW_START - days * DAY; t < WINDOW_START; t += 60) {
    const ago = WINDOW_START - t
    const minuteOfDay = Math.floor((t % DAY) / 60)
    const rate = rateAt(minuteOfDay, Math.floor((ago + DAY / 2) / DAY))
    const offset = ((ago + DAY / 2) % DAY) - DAY / 2
    if (ago <= config.recentSeconds) h.perMinute.push(rate)
    else if (Math.abs(offset) <= config.seasonalSlotSeconds) {
      h.seasonal.push(rate)
      h.seasonalDaysAgo.push(Math.floor((ago + DAY / 2) / DAY))
    }
  }
  return h
}

function spikes(past: EndpointHistory, requests: number, start = WINDOW_START) {
  // The volume of this one minute, in every horizon that ends with it.
  const counts = [requests, requests, requests, requests]
  const input = detectionInput(
    { start, end: start + 60 },
    {
      endpointCounts: [
        {
          service: past.service,
          method: past.method,
          route: past.route,
          requests: counts,
          errors: [0, 0, 0, 0],
          failures: [0, 0, 0, 0],
          failingPrincipals: [0, 0, 0, 0],
          addresses: [1, 1, 1, 1],
          sampleTraceIds: ['t1'],
        },
      ],
      endpointHistory: [past],
    },
  )
  return detectRateSpikes(input, config)
}

// Steady 100/min, except a batch job at 09:00–09:05 every day: 1500/min.
const withDailyBatch = (minuteOfDay: number): number =>
  minuteOfDay >= 540 && minuteOfDay < 546 ? 1500 : 100 + (minuteOfDay % 7)

describe('rate_spike seasonality', () => {
  it('a daily batch at 09:00 is usual at 09:00: judged against the same time on earlier days', () => {
    const past = history(3, withDailyBatch)
    expect(volumeBaseline(past, config)?.basis).toBe('time of day on earlier days')
    expect(spikes(past, 1500)).toEqual([])
  })

  it('the same batch looks like a spike to a detector that only knows the recent hours', () => {
    const past = { ...history(3, withDailyBatch), seasonal: [], seasonalDaysAgo: [] }
    expect(volumeBaseline(past, config)?.basis).toBe('recent hours')
    expect(spikes(past, 1500).map((f) => f.kind)).toEqual(['rate_spike'])
  })

  it('at night, a volume that is ordinary by day is a spike, with the basis in the evidence', () => {
    // 20/min at night, 600/min by day; 300/min at 03:00 is half the daytime level.
    const dayNight = (minuteOfDay: number): number =>
      minuteOfDay < 360 || minuteOfDay >= 1320 ? 20 + (minuteOfDay % 5) : 600
    const night = WINDOW_START - 6 * 3600 // 03:02
    const past = history(3, dayNight)
    const shifted: EndpointHistory = {
      ...history(3, (m) => dayNight((m + 1440 - 360) % 1440)),
      firstSeen: past.firstSeen,
    } // the same history seen from 03:02
    const [finding] = spikes(shifted, 300, night)
    expect(finding?.summary).toMatch(
      /served 300 requests in 1 min \(300\/min\), [\d.]+× its usual 2\d\/min \(p99 2[\d.]+; time of day on earlier days\)\./,
    )
    expect(finding?.evidence.baseline).toMatchObject({ basis: 'time of day on earlier days' })
  })

  it('with a week of history, the same weekday is the baseline (a quiet Sunday does not set Monday’s bar)', () => {
    const weekdayBusy = (_: number, daysAgo: number): number => (daysAgo === 7 ? 400 : 50)
    const past = history(8, weekdayBusy)
    const chosen = volumeBaseline(past, config)
    expect(chosen?.basis).toBe('same weekday and time of day')
    expect(chosen?.base.median).toBe(400)
  })

  it('less than a day of history: the recent hours', () => {
    expect(
      volumeBaseline(
        history(0.5, () => 80),
        config,
      ),
    ).toMatchObject({ basis: 'recent hours', base: { median: 80 } })
  })
})
