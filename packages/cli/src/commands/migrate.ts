// `tracehound migrate`: create or upgrade the schema, on the embedded store or
// a ClickHouse server (single node or --cluster).
import type { Command } from 'commander'
import { migrate, openStore, renderClusterDdl, renderSingleNodeDdl, type SchemaOptions } from '@tracehound/store'
import { positiveInteger } from './parse-values.ts'
import { progressReporter } from './progress-reporter.ts'
import { addStoreOptions, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface MigrateFlags extends StoreFlags {
  cluster?: string
  retentionDays: number
  rollupRetentionDays: number
  findingsRetentionDays: number
  print?: boolean
}

export function registerMigrate(command: Command): void {
  addStoreOptions(command)
    .option('--cluster <name>', 'create Replicated*MergeTree + Distributed tables ON CLUSTER <name>')
    .option('--retention-days <n>', 'days spans and logs are kept', positiveInteger('--retention-days'), 30)
    .option('--rollup-retention-days <n>', 'days per-minute rollups are kept', positiveInteger('--rollup-retention-days'), 90)
    .option('--findings-retention-days <n>', 'days findings and alert deliveries are kept', positiveInteger('--findings-retention-days'), 365)
    .option('--print', 'print the DDL instead of running it')
    .addHelpText('after', '\nRe-running is safe: applied versions are skipped and the retention is re-applied.')
    .action(async (flags: MigrateFlags) => {
      const schema: SchemaOptions = {
        retentionDays: flags.retentionDays,
        rollupRetentionDays: flags.rollupRetentionDays,
        findingsRetentionDays: flags.findingsRetentionDays,
      }
      const cluster = flags.cluster ? { cluster: flags.cluster } : undefined
      if (flags.print) {
        const ddl = cluster ? renderClusterDdl(cluster, schema) : renderSingleNodeDdl(schema)
        process.stdout.write(`${ddl.join(';\n\n')};\n`)
        return
      }
      const storeOptions = storeOptionsFor(command)
      const store = await openStore(storeOptions)
      const progress = progressReporter('migrate')
      try {
        const report = await migrate(store, { ...schema, ...(cluster ? { cluster } : {}), onProgress: (p) => progress.update(p.done, p.total, p.step) })
        progress.stop()
        const where = 'clickhouse' in storeOptions ? storeOptions.clickhouse.url : `embedded store ${storeOptions.dataDir}`
        process.stdout.write(
          report.applied.length
            ? `migrated ${where}: applied version ${report.applied.join(', ')} (${report.statements} statements)\n`
            : `${where} is up to date (version ${report.alreadyApplied.at(-1) ?? 0}); retention re-applied\n`,
        )
      } finally {
        progress.stop()
        await store.close()
      }
    })
}
