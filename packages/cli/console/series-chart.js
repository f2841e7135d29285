// Observed vs baseline as a picture: requests per minute (line) around the
// finding's window (shaded), over a band from the median to the 99th
// percentile of the same series in the hour before the window — the
// ordinary range the finding departed from. Minutes without requests are 0.
import { el, svg } from './dom.js'

const WIDTH = 640
const HEIGHT = 160
const PAD = 30

function quantile(sorted, q) {
  if (!sorted.length) return 0
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

export function seriesChart(points, { windowStart, windowEnd, label }) {
  if (!points.length) return el('p', { class: 'muted' }, `no requests recorded for ${label} around this window`)
  const byMinute = new Map(points.map((p) => [Date.parse(p.minute) / 1000, p.requests]))
  const first = Math.min(...byMinute.keys(), windowStart - 3600)
  const last = Math.max(...byMinute.keys(), windowEnd)
  const minutes = []
  for (let t = first - (first % 60); t <= last; t += 60) minutes.push([t, byMinute.get(t) ?? 0])
  const before = minutes
    .filter(([t]) => t < windowStart && t >= windowStart - 3600)
    .map(([, n]) => n)
    .sort((a, b) => a - b)
  const low = quantile(before, 0.5)
  const high = quantile(before, 0.99)
  const top = Math.max(1, high, ...minutes.map(([, n]) => n))
  const x = (t) => PAD + ((t - minutes[0][0]) / Math.max(60, minutes.at(-1)[0] - minutes[0][0])) * (WIDTH - 2 * PAD)
  const y = (n) => HEIGHT - PAD - (n / top) * (HEIGHT - 2 * PAD)
  const path = minutes.map(([t, n], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(n).toFixed(1)}`).join(' ')
  return el(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        width: WIDTH,
        height: HEIGHT,
        role: 'img',
        'aria-label': `requests per minute, ${label}`,
      },
      svg('rect', {
        class: 'window',
        x: x(windowStart),
        y: PAD / 2,
        width: Math.max(2, x(windowEnd) - x(windowStart)),
        height: HEIGHT - 1.5 * PAD,
      }),
      svg('rect', { class: 'band', x: PAD, y: y(high), width: WIDTH - 2 * PAD, height: Math.max(1, y(low) - y(high)) }),
      svg('line', { class: 'axis', x1: PAD, y1: HEIGHT - PAD, x2: WIDTH - PAD, y2: HEIGHT - PAD }),
      svg('path', { class: 'observed', d: path }),
      svg('text', { x: 2, y: y(top) + 4 }, String(top)),
      svg('text', { x: 2, y: HEIGHT - PAD + 4 }, '0'),
    ),
    el(
      'figcaption',
      { class: 'muted' },
      `${label}: requests per minute (line); finding window (red); the hour before, median ${low} – p99 ${high} (band)`,
    ),
  )
}
