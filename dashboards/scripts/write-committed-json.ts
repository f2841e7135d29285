// Regenerates dashboards/json from the code: `npm run generate -w dashboards`.
import { fileURLToPath } from 'node:url'
import { writeDashboards } from '../src/write-dashboards.ts'

const written = await writeDashboards(fileURLToPath(new URL('../json', import.meta.url)))
for (const path of written) process.stdout.write(`wrote ${path}\n`)
