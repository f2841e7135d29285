// The committed dashboards/json is the golden output: it must equal what the
// code generates now, file for file. Regenerate with `npm run generate -w dashboards`.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { dashboardJson, generateDashboards } from '../src/index.ts'

const jsonDir = fileURLToPath(new URL('../json/', import.meta.url))

describe('committed dashboard JSON', () => {
  const generated = generateDashboards()

  it('has exactly one file per generated dashboard', () => {
    expect(
      readdirSync(jsonDir)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(generated.map((g) => g.file).sort())
  })

  it.each(generated.map((g) => [g.file, g] as const))(
    '%s equals what the code generates (run `npm run generate -w dashboards` after changing a dashboard)',
    (file, g) => {
      expect(readFileSync(jsonDir + file, 'utf8')).toBe(dashboardJson(g.dashboard))
    },
  )

  it('generates the same JSON twice in one process (panel ids do not depend on call order)', () => {
    expect(generateDashboards().map((g) => dashboardJson(g.dashboard))).toEqual(
      generated.map((g) => dashboardJson(g.dashboard)),
    )
  })
})
