// TEST UTILITY — one build at a time across test files: the packaging tests
// build dist/ folders (tsc via prepack or turbo) and pack them, and two of
// them writing the same package's dist/ while the other packs it could ship
// a half-written file. An exclusive directory lock, broken when stale (a
// killed run), serializes them.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const LOCK = join(tmpdir(), 'tracehound-build.lock')
const STALE_MS = 15 * 60_000

export async function withBuildLock<T>(work: () => T | Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true })
      } catch {
        // Released between the two calls: try again.
      }
      await sleep(250)
    }
  }
  try {
    return await work()
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}
