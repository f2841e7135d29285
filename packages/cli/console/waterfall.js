// A trace as a waterfall: one row per span in start order, indented by
// depth, a bar placed by its start and length within the trace; errors in
// red; each row opens to its (already redacted) attributes.
import { copyable, el } from './dom.js'
import { duration } from './format.js'

function depths(spans) {
  const parent = new Map(spans.map((s) => [s.span_id, s.parent_span_id]))
  const depth = (id, seen = 0) =>
    seen > 64 || !parent.get(id) || !parent.has(parent.get(id)) ? 0 : 1 + depth(parent.get(id), seen + 1)
  return new Map(spans.map((s) => [s.span_id, depth(s.span_id)]))
}

export function waterfall(trace) {
  const spans = trace.spans
  // Milliseconds with the sub-millisecond digits kept (a double holds epoch ms to about a microsecond).
  const starts = spans.map((s) => Date.parse(s.start) + Number(`0.${/\.\d{3}(\d+)/.exec(s.start)?.[1] ?? '0'}`))
  const t0 = Math.min(...starts)
  const t1 = Math.max(...spans.map((s, i) => starts[i] + s.duration_ns / 1e6))
  const total = Math.max(0.001, t1 - t0)
  const depth = depths(spans)
  const correlation = spans.find((s) => s.correlation_id)?.correlation_id
  return el(
    'div',
    { class: 'waterfall panel', 'data-trace': trace.trace_id },
    el(
      'p',
      {},
      'trace ',
      copyable(trace.trace_id),
      correlation ? ['  correlation id ', copyable(correlation)] : [],
      el('span', { class: 'muted' }, `  ${spans.length} spans, ${duration(total * 1e6)}`),
    ),
    spans.map((s, i) => {
      const bar = el('span', {
        class: `bar${s.status === 'Error' || s.status === 'STATUS_CODE_ERROR' ? ' error' : ''}`,
      })
      // CSSOM, not a style attribute: the page's policy forbids inline styles.
      bar.style.left = `${((starts[i] - t0) / total) * 100}%`
      bar.style.width = `${Math.max(0.2, (s.duration_ns / 1e6 / total) * 100)}%`
      return el(
        'div',
        { class: 'row span', 'data-service': s.service },
        el(
          'span',
          { class: 'label', title: `${s.service} ${s.name}` },
          '\u00a0'.repeat(2 * (depth.get(s.span_id) ?? 0)),
          el('strong', {}, s.service),
          ' ',
          s.name,
        ),
        el('span', { class: 'track' }, bar),
        el('span', { class: 'muted' }, duration(s.duration_ns)),
        el(
          'details',
          {},
          el('summary', { class: 'muted' }, 'attributes'),
          el(
            'div',
            { class: 'kv mono' },
            Object.entries(s.attributes ?? {}).flatMap(([k, v]) => [
              el('span', { class: 'muted' }, k),
              el('span', {}, String(v)),
            ]),
          ),
          s.status_message ? el('p', {}, 'status: ', s.status_message) : undefined,
        ),
      )
    }),
  )
}
