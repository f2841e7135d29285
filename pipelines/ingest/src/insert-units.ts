// How a batch of one partition is cut into insert units, so that a unit
// retried after a crash is byte-for-byte the same unit with the same
// deduplication token. Before a unit is inserted its extent is recorded in
// the consumer group's committed-offset metadata ("intent"); after a restart
// or a rebalance the first unit is cut to exactly that recorded extent.
// Pure logic: offsets in, units out.

export interface Intent {
  readonly first: bigint
  readonly last: bigint
}

export interface Unit {
  readonly first: bigint
  readonly last: bigint
  /** Index range into the batch's messages, [start, end). */
  readonly start: number
  readonly end: number
  /** True when this unit replays an extent recorded before a crash or rebalance. */
  readonly replayed: boolean
}

const INTENT_VERSION = 1

export function encodeIntent(intent: Intent): string {
  return JSON.stringify({ v: INTENT_VERSION, first: intent.first.toString(), last: intent.last.toString() })
}

/** Parses commit metadata; anything else (empty, another tool's) means "no intent". */
export function decodeIntent(metadata: string | null | undefined): Intent | undefined {
  if (!metadata) return undefined
  try {
    const parsed = JSON.parse(metadata) as { v?: unknown; first?: unknown; last?: unknown }
    if (parsed.v !== INTENT_VERSION || typeof parsed.first !== 'string' || typeof parsed.last !== 'string')
      return undefined
    const intent = { first: BigInt(parsed.first), last: BigInt(parsed.last) }
    return intent.last >= intent.first ? intent : undefined
  } catch {
    return undefined
  }
}

/**
 * Cuts the offsets of one fetched batch into units of at most `maxMessages`
 * and, when `sizes` are given, at most `maxBytes` of messages (a unit holds at
 * least one message, however large). A recorded intent that starts at the
 * batch's first offset becomes the first unit, ending exactly where it ended
 * before — whatever the limits are now. Returns `waitForMore` when the batch
 * ends before the intent does (fewer messages fetched than last time):
 * nothing may be inserted until the whole recorded extent is there.
 */
export function planUnits(
  offsets: readonly bigint[],
  maxMessages: number,
  intent: Intent | undefined,
  sizes?: readonly number[],
  maxBytes = Number.POSITIVE_INFINITY,
): { units: Unit[]; waitForMore: boolean } {
  const units: Unit[] = []
  let i = 0
  const firstOffset = offsets[0]
  if (intent && firstOffset !== undefined && firstOffset === intent.first) {
    let end = 0
    while (end < offsets.length && offsets[end]! <= intent.last) end++
    if (offsets[offsets.length - 1]! < intent.last) return { units: [], waitForMore: true }
    units.push({ first: intent.first, last: intent.last, start: 0, end, replayed: true })
    i = end
  }
  while (i < offsets.length) {
    let end = i + 1
    let bytes = sizes?.[i] ?? 0
    while (end < offsets.length && end - i < maxMessages && bytes + (sizes?.[end] ?? 0) <= maxBytes) {
      bytes += sizes?.[end] ?? 0
      end++
    }
    units.push({ first: offsets[i]!, last: offsets[end - 1]!, start: i, end, replayed: false })
    i = end
  }
  return { units, waitForMore: false }
}

/** The insert deduplication token of a unit (and of chunk `chunk` when a unit's rows exceed one insert). */
export function unitToken(topic: string, partition: number, unit: Pick<Unit, 'first' | 'last'>, chunk = 0): string {
  return `${topic}/${partition}/${unit.first}-${unit.last}/${chunk}`
}
