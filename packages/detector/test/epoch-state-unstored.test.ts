// Learned state that cannot be stored (a store without the schema, a
// read-only user, a row the engine refuses): detection goes on with what was
// learned, and a process warning says why a restart will learn it again. Its
// own file: the embedded engine opens one data directory per process.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rememberedOrLearned } from '../src/epoch-state.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-epoch-unstored-'))
let bare: ChdbStore
beforeAll(async () => {
  bare = await ChdbStore.open({ dataDir }) // never migrated: no detector_state table
})
afterAll(async () => {
  await bare.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a state that cannot be stored', () => {
  it('is still returned, and says once why a restart will learn it again', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error): void => void warnings.push(w)
    process.on('warning', onWarning)
    try {
      const learned = await rememberedOrLearned(bare, 'flows', 'k', 1_800_000_000, async () => ['learned'])
      await new Promise((r) => setImmediate(r)) // warnings are emitted on the next tick
      expect(learned).toEqual(['learned'])
      const mine = warnings.filter((w) => (w as { code?: string }).code === 'TRACEHOUND_STATE_NOT_STORED')
      expect(mine).toHaveLength(1)
      expect(mine[0]?.message).toMatch(
        /learned flows of epoch 2027-01-15T08:00:00.000Z could not be stored.*detector_state/,
      )
    } finally {
      process.off('warning', onWarning)
    }
  })
})
