import { defineConfig } from 'vitest/config'

// One test run for the whole monorepo, so one Kafka broker serves every test
// file. Each file runs in its own forked process: an embedded chdb store can be
// opened by only one process and one data directory per process (DESIGN.md).
export default defineConfig({
  test: {
    include: ['{packages,pipelines,examples}/*/{src,test}/**/*.test.ts', 'dashboards/{src,test}/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    globalSetup: ['./test/kafka-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
