// When a group of findings is notified: after group_wait for a new group,
// after group_interval when its members or their states changed, after
// repeat_interval when nothing changed but findings are still open, and once
// more when every member has resolved. Pure: state in, decision out.
import { createHash } from 'node:crypto'
import type { Finding } from '@tracehound/detector'

export interface GroupState {
  /** When the group was last notified (ms), and what it looked like then. */
  lastNotifiedAt?: number
  lastHash?: string
}

export interface GroupTiming {
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
}

export type Decision =
  | { notify: false }
  | { notify: true; reason: 'new' | 'changed' | 'repeat' | 'resolved'; hash: string }

/** The group's content: which findings, in which state. Updates that change neither do not re-notify. */
export function groupHash(members: readonly Finding[]): string {
  const key = members
    .map((f) => `${f.fingerprint}:${f.status}`)
    .sort()
    .join(',')
  return createHash('sha256').update(key).digest('hex').slice(0, 24)
}

/**
 * `firstSeen`: when the group's first member became known (ms). Event time
 * can lie in the future for replayed data, so callers pass
 * min(first sighting by the router, detection time clamped to now).
 */
export function decide(
  members: readonly Finding[],
  state: GroupState,
  timing: GroupTiming,
  now: number,
  firstSeen: number,
): Decision {
  if (members.length === 0) return { notify: false }
  const hash = groupHash(members)
  const open = members.some((f) => f.status === 'open')
  if (state.lastNotifiedAt === undefined) {
    if (!open) return { notify: false } // resolved before anyone was told: nothing to say
    return now - firstSeen >= timing.groupWaitMs ? { notify: true, reason: 'new', hash } : { notify: false }
  }
  const since = now - state.lastNotifiedAt
  if (hash !== state.lastHash) {
    if (!open) return { notify: true, reason: 'resolved', hash }
    return since >= timing.groupIntervalMs ? { notify: true, reason: 'changed', hash } : { notify: false }
  }
  return open && since >= timing.repeatIntervalMs ? { notify: true, reason: 'repeat', hash } : { notify: false }
}
