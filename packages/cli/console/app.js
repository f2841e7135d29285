// The console's router: #/incidents, #/incident/<id>, #/finding/<id>,
// #/graph, #/health. A view is an element; a live view also has refresh(),
// called every few seconds so the page follows an attack as it goes on
// (without rebuilding the filters a user is typing in).
import { NeedsToken, setToken, takeTokenFromAddress } from './api.js'
import { el, show } from './dom.js'
import { renderGraph } from './graph-view.js'
import { renderHealth } from './health-view.js'
import { renderFinding, renderIncident } from './incident-view.js'
import { renderIncidents } from './incidents-view.js'

const REFRESH_MS = 5000
const main = document.getElementById('view')
const status = document.getElementById('status')
let timer
let generation = 0

function tokenForm(retry) {
  const input = el('input', { type: 'password', name: 'token', placeholder: 'API token', autocomplete: 'off' })
  return el(
    'form',
    {
      class: 'panel',
      id: 'token-form',
      onsubmit: (event) => {
        event.preventDefault()
        setToken(input.value)
        retry()
      },
    },
    el('p', {}, 'This tracehound needs its API token (the one OTLP clients send as Authorization: Bearer …).'),
    input,
    ' ',
    el('button', { type: 'submit' }, 'Open'),
  )
}

function route() {
  const [, view = 'incidents', id] = /^#\/([a-z]+)(?:\/(.+))?/.exec(location.hash) ?? []
  const section = view === 'graph' || view === 'health' ? view : 'incidents'
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === section)
  return { view, id: id ? decodeURIComponent(id) : undefined }
}

function failed(err) {
  if (err instanceof NeedsToken) show(main, tokenForm(render))
  else show(main, el('div', { class: 'error-box', role: 'alert' }, String(err?.message ?? err)))
  status.textContent = ''
}

const updated = () => {
  status.textContent = `updated ${new Date().toLocaleTimeString()}`
}

async function render() {
  clearTimeout(timer)
  const mine = ++generation
  const { view, id } = route()
  let page
  try {
    if (view === 'incident') page = await renderIncident(id)
    else if (view === 'finding') page = await renderFinding(id)
    else if (view === 'graph') page = await renderGraph()
    else if (view === 'health') page = await renderHealth()
    else page = await renderIncidents()
  } catch (err) {
    if (mine === generation) failed(err)
    return
  }
  if (mine !== generation) return
  show(main, page)
  updated()
  const tick = async () => {
    if (mine !== generation) return
    try {
      await page.refresh()
      updated()
    } catch (err) {
      if (err instanceof NeedsToken) return failed(err)
      status.textContent = `refresh failed: ${err?.message ?? err}`
    }
    if (mine === generation) timer = setTimeout(tick, REFRESH_MS)
  }
  if (page.refresh) timer = setTimeout(tick, REFRESH_MS)
}

takeTokenFromAddress()
addEventListener('hashchange', render)
render()
