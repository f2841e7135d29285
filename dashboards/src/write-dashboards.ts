// `tracehound dashboards --out DIR`: the generated JSON on disk.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { dashboardJson, generateDashboards } from './all-dashboards.ts'

export async function writeDashboards(dir: string): Promise<string[]> {
  const out = resolve(dir)
  await mkdir(out, { recursive: true })
  const written: string[] = []
  for (const { file, dashboard } of generateDashboards()) {
    const path = join(out, file)
    await writeFile(path, dashboardJson(dashboard))
    written.push(path)
  }
  return written
}
