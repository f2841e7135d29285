// The embedded store's spool files: in a private directory (0700) per
// process, removed after each insert and with the store; what a killed
// process left behind is cleaned when the next store spools.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChdbStore, migrate } from '../src/index.ts'
import { generateTraces } from './support/generate-spans.ts'

const root = mkdtempSync(join(tmpdir(), 'tracehound-spool-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A pid that has exited (a finished child). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!

describe('spool directory', () => {
  it('is private, left empty after each insert, removed with the store, and cleans what dead processes left', async () => {
    const base = join(root, 'shm')
    mkdirSync(base)
    const gone = deadPid()
    mkdirSync(join(base, `tracehound-spool-${gone}-abcdef`))
    writeFileSync(join(base, `tracehound-spool-${gone}-abcdef`, 'batch-1.jsonl'), '{}')
    writeFileSync(join(base, `tracehound-batch-${gone}-7.jsonl`), '{}') // the old, predictable name
    writeFileSync(join(base, 'unrelated.txt'), 'keep')

    const store = await ChdbStore.open({ dataDir: join(root, 'data'), spoolDir: base })
    try {
      await migrate(store)
      await store.insert(
        'otel_traces',
        generateTraces({ traces: 20, startNanos: 1_795_600_800n * 1_000_000_000n }).spans,
        { dedupToken: 'spool-1' },
      )
      const dir = store.spoolDirectory!
      expect(dir.startsWith(join(base, `tracehound-spool-${process.pid}-`))).toBe(true)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      expect(readdirSync(dir)).toEqual([])
      expect(readdirSync(base).sort()).toEqual([dir.slice(base.length + 1), 'unrelated.txt'].sort())
      await store.close()
      expect(existsSync(dir)).toBe(false)
    } finally {
      await store.close()
    }
  })
})
