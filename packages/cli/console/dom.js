// Building the page from data: every string goes in as text (textContent or
// a text node), never as markup, so a hostile span name or user id shows as
// what it is and runs nothing.

const SVG = 'http://www.w3.org/2000/svg'

/**
 * @param {Element} node
 * @param {Record<string, unknown>} attrs
 * @param {unknown[]} children
 */
function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value)
    else if (key === 'href' && !/^(#|\/|https?:)/.test(String(value)))
      continue // no javascript: links from data
    else node.setAttribute(key, String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

/** An HTML element: el('td', { class: 'x' }, 'text', otherNode). */
export function el(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children)
}

/** An SVG element, same calling convention. */
export function svg(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children)
}

/** Replaces what `parent` shows. */
export function show(parent, ...children) {
  parent.replaceChildren()
  fill(parent, {}, children)
}

/** A value with a copy button (trace ids, correlation ids: pasted into Grafana or a log search). */
export function copyable(value) {
  const button = el(
    'button',
    {
      type: 'button',
      title: 'copy',
      onclick: () => {
        navigator.clipboard?.writeText(value).then(
          () => {
            button.textContent = 'copied'
          },
          () => {
            // Without clipboard access (plain http on another host), select the text for Ctrl-C.
            const range = document.createRange()
            range.selectNodeContents(text)
            getSelection()?.removeAllRanges()
            getSelection()?.addRange(range)
          },
        )
      },
    },
    'copy',
  )
  const text = el('code', {}, value)
  return el('span', { class: 'copyable' }, text, ' ', button)
}
