// One incident (or one finding): what happened in a line, where (the hop
// path and entities), why (each finding's observed vs baseline, with the
// minute series against the hour before), and the requests behind it — the
// sample traces as a waterfall, trace and correlation ids copyable.
import { getJson } from './api.js'
import { copyable, el } from './dom.js'
import { kindLabel, number, time } from './format.js'
import { seriesChart } from './series-chart.js'
import { waterfall } from './waterfall.js'

const HOUR = 3600

function pills(values) {
  return values.length ? values.map((v) => el('span', { class: 'pill' }, v)) : el('span', { class: 'muted' }, '—')
}

function evidenceTable(evidence) {
  const keys = [
    ...new Set([
      ...Object.keys(evidence.observed ?? {}),
      ...Object.keys(evidence.baseline ?? {}),
      ...Object.keys(evidence.threshold ?? {}),
    ]),
  ]
  const cell = (part, key) => el('td', {}, part?.[key] === undefined ? '' : number(part[key]))
  return el(
    'table',
    { class: 'evidence' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['', 'observed', 'baseline', 'threshold'].map((h) => el('th', {}, h)),
      ),
    ),
    el(
      'tbody',
      {},
      keys.map((k) =>
        el(
          'tr',
          {},
          el('th', {}, k),
          cell(evidence.observed, k),
          cell(evidence.baseline, k),
          cell(evidence.threshold, k),
        ),
      ),
    ),
  )
}

async function chartFor(finding) {
  const { service, endpoint, user } = finding.entity
  if (!service || !endpoint) return undefined
  const start = Date.parse(finding.window.start) / 1000
  const end = Date.parse(finding.window.end) / 1000
  const params = new URLSearchParams({
    service,
    endpoint,
    from: String(Math.floor(start - HOUR)),
    to: String(Math.ceil(end + 15 * 60)),
  })
  if (user) params.set('user', user)
  const points = await getJson(`/api/series?${params}`)
  return seriesChart(points, {
    windowStart: start,
    windowEnd: end,
    label: `${user ? `${user} on ` : ''}${service} ${endpoint}`,
  })
}

async function findingPanel(finding, open) {
  const chart = await chartFor(finding).catch((err) => el('p', { class: 'muted' }, `no chart: ${err.message}`))
  return el(
    'details',
    { class: 'panel finding', 'data-id': finding.id, open },
    el(
      'summary',
      {},
      el('span', { class: `severity ${finding.severity}` }, finding.severity),
      ' ',
      el('span', { class: 'pill' }, kindLabel(finding.kind)),
      ' ',
      el('span', { class: 'summary' }, finding.summary),
      el('span', { class: 'muted' }, ` · ${time(finding.window.start)} · ${finding.status}`),
    ),
    el('div', { class: 'finding-body' }, evidenceTable(finding.evidence), chart),
  )
}

function tracePicker(traceIds, correlationIds) {
  const holder = el('div', { class: 'trace-holder' })
  const open = async (traceId) => {
    holder.replaceChildren(el('p', { class: 'muted' }, `loading trace ${traceId}…`))
    try {
      const trace = await getJson(`/api/traces/${traceId}`)
      holder.replaceChildren(waterfall(trace))
    } catch (err) {
      holder.replaceChildren(el('p', { class: 'error-box' }, err.message))
    }
  }
  const list = el(
    'ul',
    { class: 'traces' },
    traceIds.map((id) =>
      el(
        'li',
        {},
        copyable(id),
        ' ',
        el(
          'button',
          { type: 'button', class: 'open-trace', 'data-trace': id, onclick: () => open(id) },
          'show waterfall',
        ),
      ),
    ),
  )
  if (traceIds[0]) open(traceIds[0])
  return el(
    'section',
    {},
    el('h2', {}, 'Requests behind it'),
    list,
    correlationIds.length
      ? el(
          'p',
          {},
          'correlation ids: ',
          correlationIds.map((c) => el('span', {}, copyable(c), ' ')),
        )
      : undefined,
    holder,
  )
}

export async function renderIncident(id) {
  const [incidents, findings] = await Promise.all([getJson('/api/incidents'), getJson('/api/findings')])
  const incident = incidents.find((i) => i.id === id)
  if (!incident) throw new Error(`no incident ${id} (it may have merged into another, or be older than the retention)`)
  const mine = findings.filter((f) => incident.finding_ids.includes(f.id))
  return el(
    'article',
    { id: 'incident', 'data-id': incident.id },
    el('p', {}, el('a', { href: '#/incidents' }, '← incidents')),
    el('h1', {}, incident.title),
    el(
      'div',
      { class: 'panel kv' },
      el('span', { class: 'muted' }, 'severity'),
      el('span', { class: `severity ${incident.severity}` }, incident.severity),
      el('span', { class: 'muted' }, 'status'),
      el('span', {}, incident.status),
      el('span', { class: 'muted' }, 'seen'),
      el('span', {}, `${time(incident.first_seen)} → ${time(incident.last_seen)}`),
      el('span', { class: 'muted' }, 'hop path'),
      el('span', { class: 'hop-path' }, incident.hop_path.length ? incident.hop_path.join(' → ') : '—'),
      el('span', { class: 'muted' }, 'services'),
      el('span', {}, pills(incident.entities.services)),
      el('span', { class: 'muted' }, 'endpoints'),
      el('span', {}, pills(incident.entities.endpoints)),
      el('span', { class: 'muted' }, 'users'),
      el('span', {}, pills(incident.entities.users)),
      el('span', { class: 'muted' }, 'addresses'),
      el('span', {}, pills(incident.entities.addresses)),
      el('span', { class: 'muted' }, 'grouped because'),
      el('span', {}, incident.reasons.join('; ') || '—'),
      el('span', { class: 'muted' }, 'id'),
      el('span', {}, copyable(incident.id)),
    ),
    el('h2', {}, `Findings (${mine.length})`),
    await Promise.all(mine.map((f, i) => findingPanel(f, i === 0))),
    tracePicker(incident.sample_trace_ids, incident.sample_correlation_ids ?? []),
  )
}

export async function renderFinding(id) {
  const findings = await getJson('/api/findings')
  const finding = findings.find((f) => f.id === id)
  if (!finding) throw new Error(`no finding ${id} (it may be older than the retention)`)
  return el(
    'article',
    { id: 'finding', 'data-id': finding.id },
    el('p', {}, el('a', { href: '#/incidents' }, '← incidents')),
    el('h1', {}, finding.summary),
    await findingPanel(finding, true),
    tracePicker(finding.evidence.sampleTraceIds ?? [], finding.evidence.sampleCorrelationIds ?? []),
  )
}
