// Finding text printed by up, detect, findings and demo cannot drive the
// terminal: escapes, newlines and bidi overrides from spans are shown, not obeyed.
import { describe, expect, it } from 'vitest'
import { forTerminal } from '../src/commands/terminal-text.ts'

describe('forTerminal', () => {
  it('shows control characters instead of obeying them', () => {
    expect(forTerminal('svc\u001b[2J\u001b[31mred')).toBe('svc\\x1b[2J\\x1b[31mred')
    expect(forTerminal('a\nCRITICAL lateral_movement: forged')).toBe('a\\nCRITICAL lateral_movement: forged')
    expect(forTerminal('x\r\t\u0007\u007f\u009b')).toBe('x\\r\\t\\x07\\x7f\\x9b')
    expect(forTerminal('user-\u202eevil')).toBe('user-\\u202eevil')
  })

  it('leaves ordinary text, including non-Latin letters and arrows, alone', () => {
    const text = 'user-3 made 302 requests in 1 min to orders GET /orders/:id, 190× — café → 注文'
    expect(forTerminal(text)).toBe(text)
  })
})
