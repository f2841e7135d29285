// Attacker-controlled strings (routes, user ids, attribute values) end up in
// alerts. Slack mrkdwn: &, < and > are control characters (`<!channel>`,
// `<url|text>`); formatting characters are neutralised so a user id cannot
// restyle the message; line breaks are shown, not obeyed, so a span cannot
// forge a line of its own (`*CRITICAL*`). The bound applies to the escaped
// text — escaping can grow a string fivefold (`&` → `&amp;`), and Slack
// refuses a section over 3,000 characters, which would sink every finding
// grouped in the same message.

export function slackText(value: string, max = 500): string {
  const escaped = value
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '\u200b$1\u200b')
  if (escaped.length <= max) return escaped
  // Never cut inside an entity or between a formatting character and its guard.
  return `${escaped
    .slice(0, max - 1)
    .replace(/&[a-z]*$/, '')
    .replace(/\u200b[*_~`]?$/, '')}…`
}

export function plainText(value: string, max = 1024): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}
