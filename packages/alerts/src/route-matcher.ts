// Alertmanager routing over a finding's labels: depth-first, the first
// matching child wins unless it says `continue: true`; settings inherit.
import type { Finding } from '@tracehound/detector'
import type { RouteConfig } from './alerts-config.ts'
import { parseDuration } from './duration.ts'

export interface Labels {
  kind: string
  severity: string
  service: string
  environment: string
  fingerprint: string
  /** The incident the finding belongs to; its fingerprint while it has none. */
  incident: string
}

export interface RouteMatch {
  receiver: string
  groupBy: readonly string[]
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
}

export function labelsOf(finding: Finding, environment: string, incident?: string): Labels {
  return {
    kind: finding.kind,
    severity: finding.severity,
    service: finding.entity.service ?? '',
    environment,
    fingerprint: finding.fingerprint,
    incident: incident ?? finding.fingerprint,
  }
}

export function matches(matcher: string, labels: Labels): boolean {
  const m = /^\s*(\w+)\s*(=~|!~|!=|=)\s*(.+?)\s*$/.exec(matcher)
  if (!m) return false
  const value = labels[m[1] as keyof Labels] ?? ''
  const expected = m[3]!.replace(/^"(.*)"$/, '$1')
  switch (m[2]) {
    case '=':
      return value === expected
    case '!=':
      return value !== expected
    case '=~':
      return new RegExp(`^(?:${expected})$`).test(value)
    default:
      return !new RegExp(`^(?:${expected})$`).test(value)
  }
}

// One notification per incident by default: the findings of one attack page once.
const DEFAULTS = { group_by: ['incident'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' }

export function route(tree: RouteConfig, labels: Labels): RouteMatch[] {
  interface Settings {
    receiver: string
    group_by: string[]
    group_wait: string
    group_interval: string
    repeat_interval: string
  }
  const walk = (node: RouteConfig, inherited: Settings): RouteMatch[] => {
    const here: Settings = {
      receiver: node.receiver ?? inherited.receiver,
      group_by: node.group_by ?? inherited.group_by,
      group_wait: node.group_wait ?? inherited.group_wait,
      group_interval: node.group_interval ?? inherited.group_interval,
      repeat_interval: node.repeat_interval ?? inherited.repeat_interval,
    }
    const out: RouteMatch[] = []
    for (const child of node.routes ?? []) {
      if (!(child.matchers ?? []).every((m) => matches(m, labels))) continue
      out.push(...walk(child, here))
      if (!child.continue) break
    }
    if (out.length > 0) return out
    return [
      {
        receiver: here.receiver,
        groupBy: here.group_by,
        groupWaitMs: parseDuration(here.group_wait)!,
        groupIntervalMs: parseDuration(here.group_interval)!,
        repeatIntervalMs: parseDuration(here.repeat_interval)!,
      },
    ]
  }
  return walk(tree, { receiver: tree.receiver ?? '', ...DEFAULTS })
}
