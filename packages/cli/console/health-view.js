// Pipeline health: what the store holds (newest span, span rate, open
// findings and incidents, alert outbox by state) and, where this process runs
// the pipeline (up), its own numbers from /metrics — rows buffered, the
// detection watermark and its lag, failed cycles.
import { getJson, getMetrics } from './api.js'
import { el, show } from './dom.js'
import { number, time } from './format.js'

const METRICS = [
  ['tracehound_up_rows_written_total', 'rows stored by this process'],
  ['tracehound_up_rows_buffered', 'rows waiting for the store'],
  ['tracehound_detect_detected_until_seconds', 'detected up to (event time)'],
  ['tracehound_detect_lag_seconds', 'detection lag behind the newest span (s)'],
  ['tracehound_detect_last_cycle_seconds', 'last detection cycle (s)'],
  ['tracehound_detect_failed_cycles_total', 'failed detection cycles'],
  ['tracehound_alerts_sent_total', 'notifications delivered'],
]

function rows(pairs) {
  return el(
    'div',
    { class: 'kv panel' },
    pairs.flatMap(([k, v]) => [el('span', { class: 'muted' }, k), el('span', { 'data-key': k }, v)]),
  )
}

export async function renderHealth() {
  const holder = el('div')
  const load = async () => {
    const [health, metrics] = await Promise.all([getJson('/api/health'), getMetrics()])
    const outbox = Object.entries(health.outbox)
    show(
      holder,
      el('h2', {}, 'Store'),
      rows([
        ['newest span', time(health.newest_span)],
        ['spans in its last 5 minutes', `${health.spans_last_5m} (${(health.spans_last_5m / 300).toFixed(1)}/s)`],
        ['open findings', String(health.open_findings)],
        ['open incidents', String(health.open_incidents)],
        ['newest finding', time(health.newest_finding)],
        ['alert outbox', outbox.length ? outbox.map(([s, n]) => `${s} ${n}`).join(', ') : 'empty'],
      ]),
      el('h2', {}, 'This process'),
      METRICS.some(([name]) => name in metrics)
        ? rows(
            METRICS.filter(([name]) => name in metrics).map(([name, label]) => [
              label,
              name === 'tracehound_detect_detected_until_seconds'
                ? time(new Date(metrics[name] * 1000).toISOString())
                : number(metrics[name]),
            ]),
          )
        : el(
            'p',
            { class: 'muted' },
            'no pipeline runs in this process (a separate console): see each stage’s /metrics',
          ),
    )
  }
  await load()
  const page = el('section', { id: 'health' }, el('h1', {}, 'Pipeline health'), holder)
  page.refresh = load
  return page
}
