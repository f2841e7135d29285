// The embedded store belongs to one process: a second process opening the same
// data directory gets a clear error, and the first keeps working.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ChdbStore, migrate } from '../src/index.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-lock-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('embedded store lock', () => {
  it('a second process gets StoreLockedError naming the holder; the holder is unaffected', async () => {
    const store = await ChdbStore.open({ dataDir })
    await migrate(store)
    const script = join(dataDir, '..', `second-opener-${process.pid}.ts`)
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url))
    writeFileSync(
      script,
      `import { ChdbStore } from ${JSON.stringify(index)}\n` +
        `try { await ChdbStore.open({ dataDir: ${JSON.stringify(dataDir)} }); console.log('OPENED') }\n` +
        `catch (e) { console.log(e.name + ': ' + e.message); process.exitCode = 3 }\n`,
    )
    const second = spawnSync(process.execPath, [script], { encoding: 'utf8' })
    rmSync(script)
    expect(second.status).toBe(3)
    expect(second.stdout).toContain('StoreLockedError')
    expect(second.stdout).toContain(`is open in another process (pid ${process.pid})`)

    const tables = await store.query<{ n: number }>("SELECT count() AS n FROM system.tables WHERE name = 'otel_traces'")
    expect(Number(tables[0]?.n)).toBe(1)
    await store.close()
  })
})
