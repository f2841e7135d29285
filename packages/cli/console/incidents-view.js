// The incident list: severity, title, status, first/last seen, kinds; filters
// by severity, kind, service and user; findings not (yet) grouped into an
// incident listed below, so nothing detected is out of sight.
import { getJson } from './api.js'
import { el, show } from './dom.js'
import { kindLabel, SEVERITIES, severityRank, time } from './format.js'

const filters = { severity: '', kind: '', service: '', user: '' }

const matches = (incident) =>
  (!filters.severity || incident.severity === filters.severity) &&
  (!filters.kind || incident.kinds.includes(filters.kind)) &&
  (!filters.service || incident.entities.services.some((s) => s.includes(filters.service))) &&
  (!filters.user || incident.entities.users.some((u) => u.includes(filters.user)))

function incidentRow(incident) {
  const go = () => {
    location.hash = `#/incident/${encodeURIComponent(incident.id)}`
  }
  return el(
    'tr',
    { class: 'clickable incident', 'data-id': incident.id, onclick: go },
    el('td', {}, el('span', { class: `severity ${incident.severity}` }, incident.severity)),
    el('td', {}, el('a', { href: `#/incident/${encodeURIComponent(incident.id)}` }, incident.title)),
    el('td', {}, incident.status),
    el('td', { class: 'muted' }, time(incident.first_seen)),
    el('td', { class: 'muted' }, time(incident.last_seen)),
    el(
      'td',
      {},
      incident.kinds.map((k) => el('span', { class: 'pill' }, kindLabel(k))),
    ),
  )
}

function findingRow(finding) {
  return el(
    'tr',
    {
      class: 'clickable finding',
      onclick: () => {
        location.hash = `#/finding/${encodeURIComponent(finding.id)}`
      },
    },
    el('td', { class: 'nowrap' }, el('span', { class: `severity ${finding.severity}` }, finding.severity)),
    el('td', { class: 'title' }, el('a', { href: `#/finding/${encodeURIComponent(finding.id)}` }, finding.summary)),
    el('td', { class: 'nowrap' }, finding.status),
    el('td', { class: 'muted nowrap' }, time(finding.window.start)),
    el('td', {}, el('span', { class: 'pill' }, kindLabel(finding.kind))),
  )
}

function select(name, options) {
  return el(
    'select',
    {
      name,
      onchange: (event) => {
        filters[name] = event.target.value
        event.target.dispatchEvent(new CustomEvent('filter', { bubbles: true }))
      },
    },
    el('option', { value: '' }, `any ${name}`),
    options.map((o) => el('option', { value: o, selected: filters[name] === o }, kindLabel(o))),
  )
}

function text(name) {
  return el('input', {
    name,
    placeholder: name,
    value: filters[name],
    oninput: (event) => {
      filters[name] = event.target.value
      event.target.dispatchEvent(new CustomEvent('filter', { bubbles: true }))
    },
  })
}

export async function renderIncidents() {
  let incidents = []
  let findings = []
  const rows = el('tbody')
  const loose = el('tbody')
  const kinds = new Set()
  const draw = () => {
    const shown = incidents
      .filter((i) => i.status !== 'merged' && matches(i))
      .sort(
        (a, b) =>
          (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) ||
          severityRank(a.severity) - severityRank(b.severity) ||
          b.last_seen.localeCompare(a.last_seen),
      )
    show(
      rows,
      shown.length
        ? shown.map(incidentRow)
        : el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'no incidents match')),
    )
    const grouped = new Set(incidents.flatMap((i) => i.finding_ids))
    show(loose, findings.filter((f) => !grouped.has(f.id)).map(findingRow))
    ungrouped.hidden = loose.childElementCount === 0
  }
  const ungrouped = el('section', {}, el('h2', {}, 'Findings not in an incident'), el('table', {}, loose))
  const load = async () => {
    ;[incidents, findings] = await Promise.all([getJson('/api/incidents'), getJson('/api/findings?status=open')])
    for (const i of incidents) for (const k of i.kinds) kinds.add(k)
    draw()
  }
  await load()
  const page = el(
    'section',
    { id: 'incidents', onfilter: draw },
    el('h1', {}, 'Incidents'),
    el(
      'div',
      { class: 'filters' },
      select('severity', SEVERITIES),
      select('kind', [...kinds].sort()),
      text('service'),
      text('user'),
    ),
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['severity', 'incident', 'status', 'first seen', 'last seen', 'kinds'].map((h) => el('th', {}, h)),
        ),
      ),
      rows,
    ),
    ungrouped,
  )
  page.refresh = load
  return page
}
