// The service graph from the edge rollups for a chosen range: services as
// boxes, calls as arrows; an edge that an open finding names (new edge,
// policy violation, lateral movement) is red, and so is its caller. Click an
// edge for its calls, errors, first/last seen and the findings on it.
import { getJson } from './api.js'
import { el, show, svg } from './dom.js'
import { kindLabel, time } from './format.js'
import { layoutGraph } from './graph-layout.js'

const GRAPH_KINDS = new Set(['new_edge', 'policy_violation', 'lateral_movement'])
const COLUMN = 220
const ROW = 56
const BOX = { width: 160, height: 30 }
let minutes = 60

/** Open graph findings per edge ("caller→callee"), and the callers a lateral-movement finding names. */
function flaggedEdges(findings) {
  const edges = new Map()
  const callers = new Set()
  for (const f of findings) {
    if (!GRAPH_KINDS.has(f.kind) || f.status !== 'open') continue
    if (f.entity.edge) {
      const key = `${f.entity.edge.from}→${f.entity.edge.to}`
      edges.set(key, [...(edges.get(key) ?? []), f])
    }
    if (f.entity.service) callers.add(f.entity.service)
  }
  return { edges, callers }
}

function edgeDetails(edge, findings) {
  return el(
    'div',
    { class: 'panel edge-details', 'data-edge': `${edge.caller}→${edge.callee}` },
    el('h2', {}, `${edge.caller} → ${edge.callee}`),
    el(
      'p',
      {},
      `${edge.calls} calls, ${edge.errors} errors (${edge.source}); first ${time(edge.firstSeen)}, last ${time(edge.lastSeen)}`,
    ),
    findings.length
      ? el(
          'ul',
          {},
          findings.map((f) =>
            el(
              'li',
              {},
              el('span', { class: `severity ${f.severity}` }, f.severity),
              ' ',
              kindLabel(f.kind),
              ': ',
              el('a', { href: `#/finding/${encodeURIComponent(f.id)}` }, f.summary),
            ),
          ),
        )
      : el('p', { class: 'muted' }, 'no open findings on this edge'),
  )
}

function drawGraph(edges, findings, details) {
  if (!edges.length)
    return el('p', { class: 'muted' }, `no calls between services in the last ${minutes} minutes of stored traffic`)
  const flagged = flaggedEdges(findings)
  // A callee seen only from the caller's client span is named by address (`orders:8080`): the same
  // box as the service when the host is a known service.
  const services = new Set(edges.flatMap((e) => [e.caller, ...(e.callee.includes(':') ? [] : [e.callee])]))
  const named = (callee) => {
    const host = callee.replace(/:\d+$/, '')
    return host !== callee && services.has(host) ? host : callee
  }
  // One arrow per caller → callee. The paired (server-side) and client-side sources see the same
  // calls, so the larger count stands rather than their sum.
  const merged = new Map()
  for (const raw of edges) {
    const e = { ...raw, callee: named(raw.callee) }
    const key = `${e.caller}→${e.callee}`
    const m = merged.get(key)
    merged.set(
      key,
      m
        ? {
            ...m,
            calls: Math.max(m.calls, e.calls),
            errors: Math.max(m.errors, e.errors),
            source: `${m.source}+${e.source}`,
          }
        : { ...e },
    )
  }
  const all = [...merged.values()]
  const positions = layoutGraph(all)
  const center = (n) => ({
    x: 20 + positions.get(n).column * COLUMN + BOX.width / 2,
    y: 20 + positions.get(n).row * ROW + BOX.height / 2,
  })
  const width = 40 + (Math.max(...[...positions.values()].map((p) => p.column)) + 1) * COLUMN
  const height = 40 + (Math.max(...[...positions.values()].map((p) => p.row)) + 1) * ROW
  const arrows = all.map((e) => {
    const key = `${e.caller}→${e.callee}`
    const a = center(e.caller)
    const b = center(e.callee)
    const d = `M${a.x + BOX.width / 2},${a.y} C${a.x + BOX.width / 2 + 40},${a.y} ${b.x - BOX.width / 2 - 40},${b.y} ${b.x - BOX.width / 2},${b.y}`
    const open = () => show(details, edgeDetails(e, flagged.edges.get(key) ?? []))
    return svg(
      'g',
      {
        class: 'edge-group',
        'data-edge': key,
        'data-flagged': flagged.edges.has(key) ? 'true' : 'false',
        onclick: open,
      },
      svg('path', { class: `edge${flagged.edges.has(key) ? ' flagged' : ''}`, d, 'marker-end': 'url(#arrow)' }),
      svg('path', { class: 'edge-hit', d }),
      svg('title', {}, `${key}: ${e.calls} calls`),
    )
  })
  const nodes = [...positions.keys()].map((n) => {
    const c = center(n)
    return svg(
      'g',
      { class: `node${flagged.callers.has(n) ? ' flagged' : ''}`, 'data-service': n },
      svg('rect', { x: c.x - BOX.width / 2, y: c.y - BOX.height / 2, width: BOX.width, height: BOX.height, rx: 4 }),
      svg('text', { x: c.x, y: c.y + 4, 'text-anchor': 'middle' }, n.length > 24 ? `${n.slice(0, 23)}…` : n),
      svg('title', {}, n),
    )
  })
  return svg(
    'svg',
    { class: 'graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'service graph' },
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 8,
          markerHeight: 8,
          markerUnits: 'userSpaceOnUse',
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a95a3' }),
      ),
    ),
    arrows,
    nodes,
  )
}

export async function renderGraph() {
  const holder = el('div', { class: 'graph-holder' })
  const details = el(
    'div',
    { class: 'details' },
    el('p', { class: 'muted' }, 'click an edge for its calls and findings'),
  )
  const load = async () => {
    const [edges, findings] = await Promise.all([
      getJson(`/api/edges?minutes=${minutes}`),
      getJson('/api/findings?status=open'),
    ])
    show(holder, drawGraph(edges, findings, details))
  }
  await load()
  const range = el(
    'select',
    {
      name: 'minutes',
      onchange: async (event) => {
        minutes = Number(event.target.value)
        await load()
      },
    },
    [15, 60, 360, 1440, 10080].map((m) =>
      el('option', { value: m, selected: m === minutes }, m < 60 ? `last ${m} min` : `last ${m / 60} h`),
    ),
  )
  const page = el(
    'section',
    { id: 'graph' },
    el('h1', {}, 'Service graph'),
    el(
      'div',
      { class: 'filters' },
      range,
      el('span', { class: 'muted' }, 'of stored event time; red: an edge an open finding names'),
    ),
    holder,
    details,
  )
  page.refresh = load
  return page
}
