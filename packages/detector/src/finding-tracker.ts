// Turns each window's drafts into finding versions: a draft whose fingerprint
// is open updates that finding (window extended, evidence refreshed); a new
// fingerprint opens one; an open finding not seen for `resolveAfterWindows`
// windows is resolved. Pure: the same windows in the same order give the
// same findings, replayed or live.
import type { Window } from './detection-input.ts'
import { fingerprintOf, type Finding, type FindingDraft } from './finding.ts'

interface Tracked {
  finding: Finding
  lastSeenWindowEnd: number
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()

export class FindingTracker {
  readonly #open = new Map<string, Tracked>()
  readonly #resolveAfterSeconds: number

  constructor(resolveAfterWindows: number, windowSeconds: number, open: readonly Finding[] = []) {
    this.#resolveAfterSeconds = resolveAfterWindows * windowSeconds
    for (const finding of open)
      this.#open.set(finding.fingerprint, { finding, lastSeenWindowEnd: Date.parse(finding.window.end) / 1000 })
  }

  /** The versions to store for this window: opened, updated and resolved findings. */
  observe(window: Window, drafts: readonly FindingDraft[]): Finding[] {
    const changed: Finding[] = []
    const seen = new Set<string>()
    for (const draft of drafts) {
      const fingerprint = fingerprintOf(draft.kind, draft.entity)
      if (seen.has(fingerprint)) continue // one finding per fingerprint per window: the first (highest-priority) draft wins
      seen.add(fingerprint)
      const tracked = this.#open.get(fingerprint)
      const finding: Finding = tracked
        ? {
            ...tracked.finding,
            ...draft,
            window: { start: tracked.finding.window.start, end: iso(window.end) },
            score: Math.max(tracked.finding.score, draft.score),
          }
        : {
            ...draft,
            id: `${fingerprint.slice(0, 16)}-${window.start}`,
            fingerprint,
            window: { start: iso(window.start), end: iso(window.end) },
            status: 'open',
            detectedAt: iso(window.end),
          }
      this.#open.set(fingerprint, { finding, lastSeenWindowEnd: window.end })
      changed.push(finding)
    }
    for (const [fingerprint, tracked] of this.#open) {
      if (seen.has(fingerprint) || window.end - tracked.lastSeenWindowEnd < this.#resolveAfterSeconds) continue
      this.#open.delete(fingerprint)
      changed.push({ ...tracked.finding, status: 'resolved' })
    }
    return changed
  }
}
