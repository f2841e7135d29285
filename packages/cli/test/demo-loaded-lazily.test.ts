// The production commands do not load the demo shop (and Express behind it):
// only `tracehound demo` does. Checked by recording every module a command
// resolves while it runs.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const resolvedBy = (args: string[]): string[] => {
  const script = `
    const { registerHooks } = await import('node:module')
    const seen = new Set()
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r } })
    process.argv = [process.argv[0], 'tracehound', ...${JSON.stringify(args)}]
    process.on('exit', () => process.stderr.write('RESOLVED ' + JSON.stringify([...seen]) + '\\n'))
    await import(${JSON.stringify(MAIN)})`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  const line = result.stderr.split('\n').find((l) => l.startsWith('RESOLVED ')) ?? 'RESOLVED []'
  return JSON.parse(line.slice('RESOLVED '.length)) as string[]
}

describe('the demo shop is loaded only by demo', () => {
  it('migrate, detect and findings resolve no demo or Express module', () => {
    for (const args of [
      ['migrate', '--help'],
      ['detect', '--help'],
      ['findings', '--help'],
    ]) {
      const modules = resolvedBy(args)
      expect(modules.length, args.join(' ')).toBeGreaterThan(10)
      expect(
        modules.filter((m) => /examples\/services|example-services|\/express\//.test(m)),
        args.join(' '),
      ).toEqual([])
    }
  })
})
