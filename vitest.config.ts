import { defineConfig } from 'vitest/config'

// One test run for the whole monorepo, so one Kafka broker serves every test
// file. Each file runs in its own forked process: an embedded chdb store can be
// opened by only one process and one data directory per process (docs/architecture.md).
// Workspace packages resolve to their TypeScript sources through the
// `tracehound-source` export condition (published, they resolve to dist/):
// in the test modules, and in every process a test spawns.
const SOURCE_CONDITION = '--conditions=tracehound-source'
if (!(process.env['NODE_OPTIONS'] ?? '').includes(SOURCE_CONDITION))
  process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} ${SOURCE_CONDITION}`.trim()

export default defineConfig({
  // Vite's default server conditions, with ours first.
  ssr: { resolve: { conditions: ['tracehound-source', 'module', 'node', 'development|production'] } },
  test: {
    include: [
      '{packages,pipelines,examples}/*/{src,test}/**/*.test.ts',
      'dashboards/{src,test}/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    globalSetup: ['./test/kafka-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
