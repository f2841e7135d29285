// Inhibition, as in Alertmanager: an open finding matching a rule's source
// mutes open findings matching its target that share the `equal` labels
// (e.g. a lateral_movement finding mutes the new_edge findings of the same
// service: one page, not four).
import type { Finding } from '@tracehound/detector'
import { labelsOf, matches } from './route-matcher.ts'

export interface InhibitRule {
  source_matchers: string[]
  target_matchers: string[]
  equal?: string[] | undefined
}

export function inhibited(
  target: Finding,
  all: readonly Finding[],
  rules: readonly InhibitRule[],
  environment: string,
): boolean {
  if (target.status !== 'open') return false
  const t = labelsOf(target, environment)
  return rules.some(
    (rule) =>
      rule.target_matchers.every((m) => matches(m, t)) &&
      all.some((source) => {
        if (source === target || source.status !== 'open') return false
        const s = labelsOf(source, environment)
        return (
          rule.source_matchers.every((m) => matches(m, s)) &&
          (rule.equal ?? []).every((l) => s[l as keyof typeof s] === t[l as keyof typeof t])
        )
      }),
  )
}
