// Text that came from spans (service names, routes, user ids inside a
// finding's summary) printed on a terminal: control characters would let a
// span move the cursor, recolour or clear the screen (ANSI escapes), forge a
// line of its own (newlines) or reorder what is shown (bidirectional
// overrides). Each is shown as a visible escape instead. Pure.

// C0 controls, DEL, C1 controls, and the bidirectional embedding/override/isolate marks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (they are escaped before printing)
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

const escapeChar = (ch: string): string => {
  if (ch === '\n') return '\\n'
  if (ch === '\r') return '\\r'
  if (ch === '\t') return '\\t'
  const code = ch.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

export function forTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}
