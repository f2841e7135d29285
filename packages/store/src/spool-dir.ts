// Where the embedded store spools a batch before `INSERT … FROM INFILE`: a
// private directory per process (0700, random name, created exclusively), so
// no other user can read a batch, predict a file name or plant a symlink
// where one will be written; files inside are created with O_EXCL. A
// process killed with -9 leaves its directory behind: the next store to
// open cleans the directories of processes that are gone.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const PREFIX = 'tracehound-spool-'
/** Spool files of versions before the private directory, at the top of the base. */
const LEGACY_FILE = /^tracehound-batch-(\d+)-\d+\.jsonl$/

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, someone else's
  }
}

/** Removes what processes that no longer run left in `base`. Returns how many entries. */
export function cleanStaleSpools(base: string): number {
  let removed = 0
  let entries: string[]
  try {
    entries = readdirSync(base)
  } catch {
    return 0
  }
  for (const name of entries) {
    const pid = name.startsWith(PREFIX)
      ? Number(name.slice(PREFIX.length).split('-')[0])
      : Number(LEGACY_FILE.exec(name)?.[1] ?? NaN)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue
    rmSync(join(base, name), { recursive: true, force: true })
    removed++
  }
  return removed
}

/** A fresh private directory in `base` for this process's spool files. */
export function createSpoolDir(base: string): string {
  cleanStaleSpools(base)
  return mkdtempSync(join(base, `${PREFIX}${process.pid}-`)) // mode 0700
}
