// Attacker-controlled strings (routes, user ids, attribute values) end up in
// alerts. Slack mrkdwn: &, < and > are control characters (`<!channel>`,
// `<url|text>`); formatting characters are neutralised so a user id cannot
// restyle the message. Everything is also length-bounded.

export function slackText(value: string, max = 500): string {
  const bounded = value.length > max ? `${value.slice(0, max - 1)}…` : value
  return bounded
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '\u200b$1\u200b')
}

export function plainText(value: string, max = 1024): string {
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}
