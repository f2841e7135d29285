// Alert text built from span data cannot break or forge a Slack message:
// the bound holds after escaping (Slack refuses sections over 3,000
// characters), line breaks are shown, and mrkdwn control stays inert.
import { describe, expect, it } from 'vitest'
import { slackText } from '../src/escape.ts'
import { slackMessage } from '../src/receivers/slack.ts'
import { sampleFinding } from '../src/sample-finding.ts'

describe('slackText', () => {
  it('bounds the escaped text, never cutting an entity', () => {
    const text = slackText('&'.repeat(700), 600)
    expect(text.length).toBeLessThanOrEqual(600)
    expect(text.endsWith('&amp;…')).toBe(true)
    expect(text).not.toMatch(/&(?!amp;)/)
  })

  it('shows line breaks instead of starting a forged line', () => {
    expect(slackText('orders\n*CRITICAL* `lateral_movement`\r\nfake')).toBe(
      'orders ⏎ \u200b*\u200bCRITICAL\u200b*\u200b \u200b`\u200blateral\u200b_\u200bmovement\u200b`\u200b ⏎ fake',
    )
    expect(slackText('<!channel> a')).toBe('&lt;!channel&gt; a')
  })
})

describe('a Slack message from hostile findings', () => {
  it('keeps every section under Slack’s 3,000 characters, whatever the span data', () => {
    const base = sampleFinding(Date.UTC(2026, 10, 26) / 1000)
    const hostile = {
      ...base,
      summary: `${'&'.repeat(700)}\n*CRITICAL* forged`,
      entity: { ...base.entity, service: '&'.repeat(700) },
      evidence: {
        ...base.evidence,
        observed: { service: '<'.repeat(2000), requests: 5 },
        baseline: { note: '>'.repeat(2000) },
      },
    }
    const message = slackMessage([hostile, base], 'grouped')
    const sections = (message['blocks'] as { type: string; text?: { text: string } }[]).filter(
      (b) => b.type === 'section',
    )
    expect(sections).toHaveLength(2)
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(3000)
    expect(sections[0]!.text!.text).not.toContain('\n*CRITICAL* forged')
  })
})
