// Learned state of an epoch (baselines, flows) kept in the store's
// `detector_state` table, so a restarted `detect --follow` or `up` finds the
// current epoch's baselines instead of learning them again (seconds to
// minutes at 100,000 users), and a range detected twice learns once. A
// cache of what the rollups already hold: a failed read or write only costs
// a learning pass. The key is the detector configuration and STATE_FORMAT:
// another configuration, or a release that learns differently, learns anew.
import { createHash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'
import { toClickHouseTime, type Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'

/** Bump when what a learning pass produces changes shape or meaning. */
export const STATE_FORMAT = 8

export type StateKind = 'baselines' | 'flows'

/** The configuration a state was learned under (functions and the policy, which learning never reads, left out). */
export function stateKey(config: DetectorConfig): string {
  const { edgePolicy: _policy, inventory: _inventory, ...learning } = config
  return createHash('sha256')
    .update(JSON.stringify([STATE_FORMAT, process.versions.v8, learning]))
    .digest('hex')
    .slice(0, 32)
}

// The V8 serializer (structured clone) keeps Maps, Sets, undefined and
// non-finite numbers, and reads back several times faster than JSON with a
// reviver (measured at 100,000 users: BENCHMARKS.md); base64 so the body
// travels as text. Its format belongs to the V8 version, which is part of
// the key (stateKey): another Node learns anew.
export const encodeState = (value: unknown): string => serialize(value).toString('base64')
export const decodeState = <T>(body: string): T => deserialize(Buffer.from(body, 'base64')) as T

export async function loadState<T>(store: Store, kind: StateKind, key: string, epoch: number): Promise<T | undefined> {
  const rows = await store.query<{ body: string }>(
    `SELECT Body AS body FROM detector_state
     WHERE Kind = {kind:String} AND ConfigHash = {key:String} AND Epoch = toDateTime({epoch:UInt32})
     ORDER BY LearnedAt DESC LIMIT 1`,
    { kind, key, epoch },
  )
  return rows[0] ? decodeState<T>(rows[0].body) : undefined
}

export async function saveState(
  store: Store,
  kind: StateKind,
  key: string,
  epoch: number,
  value: unknown,
): Promise<void> {
  await store.insert('detector_state', [
    {
      Kind: kind,
      ConfigHash: key,
      Epoch: toClickHouseTime(epoch * 1000).slice(0, 19),
      LearnedAt: toClickHouseTime(Date.now()),
      Body: encodeState(value),
    },
  ])
}

/**
 * The state of an epoch: the stored one, else learned and stored. A state
 * that cannot be read or written (an older schema, a read-only user) is
 * learned as if none were kept; one that cannot be written is a process
 * warning (TRACEHOUND_STATE_NOT_STORED).
 */
export async function rememberedOrLearned<T>(
  store: Store,
  kind: StateKind,
  key: string,
  epoch: number,
  learn: () => Promise<T>,
): Promise<T> {
  const stored = await loadState<T>(store, kind, key, epoch).catch(() => undefined)
  if (stored !== undefined) return stored
  const learned = await learn()
  await saveState(store, kind, key, epoch, learned).catch((err: unknown) =>
    // Detection goes on; said once per epoch, so a restart that learns again is explained.
    process.emitWarning(
      `the learned ${kind} of epoch ${new Date(epoch * 1000).toISOString()} could not be stored, so a restart will learn them again: ${String((err as Error)?.message ?? err).slice(0, 300)}`,
      { code: 'TRACEHOUND_STATE_NOT_STORED' },
    ),
  )
  return learned
}
