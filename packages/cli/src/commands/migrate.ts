// `tracehound migrate`: create or upgrade the schema, on the embedded store or
// a ClickHouse server (single node or --cluster).
import type { Command } from 'commander'
import { migrate, openStore, renderClusterDdl, renderSingleNodeDdl, type SchemaOptions } from '@tracehound/store'
import { positiveInteger } from './parse-values.ts'
import { progressReporter } from './progress-reporter.ts'
import { addStoreOptions, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface MigrateFlags extends StoreFlags {
  cluster?: string
  retentionDays?: number
  rollupRetentionDays?: number
  findingsRetentionDays?: number
  print?: boolean
}

export function registerMigrate(command: Command): void {
  addStoreOptions(command)
    .option('--cluster <name>', 'create Replicated*MergeTree + Distributed tables ON CLUSTER <name>')
    .option(
      '--retention-days <n>',
      'days spans and logs are kept (new store: 30; existing: unchanged unless given)',
      positiveInteger('--retention-days'),
    )
    .option(
      '--rollup-retention-days <n>',
      'days per-minute rollups are kept (new store: 90; existing: unchanged unless given)',
      positiveInteger('--rollup-retention-days'),
    )
    .option(
      '--findings-retention-days <n>',
      'days findings and alert deliveries are kept (new store: 365; existing: unchanged unless given)',
      positiveInteger('--findings-retention-days'),
    )
    .option('--print', 'print the DDL instead of running it')
    .addHelpText(
      'after',
      "\nRe-running is safe: applied versions are skipped; a retention flag given is applied, the others keep the store's current retention.",
    )
    .action(async (flags: MigrateFlags) => {
      const schema: SchemaOptions = {
        ...(flags.retentionDays !== undefined ? { retentionDays: flags.retentionDays } : {}),
        ...(flags.rollupRetentionDays !== undefined ? { rollupRetentionDays: flags.rollupRetentionDays } : {}),
        ...(flags.findingsRetentionDays !== undefined ? { findingsRetentionDays: flags.findingsRetentionDays } : {}),
      }
      const retentionGiven = Object.keys(schema).length > 0
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
        const report = await migrate(store, {
          ...schema,
          ...(cluster ? { cluster } : {}),
          onProgress: (p) => progress.update(p.done, p.total, p.step),
        })
        progress.stop()
        const where =
          'clickhouse' in storeOptions ? storeOptions.clickhouse.url : `embedded store ${storeOptions.dataDir}`
        process.stdout.write(
          report.applied.length
            ? `migrated ${where}: applied version ${report.applied.join(', ')} (${report.statements} statements)\n`
            : `${where} is up to date (version ${report.alreadyApplied.at(-1) ?? 0}); ${retentionGiven ? 'retention applied' : 'retention unchanged'}\n`,
        )
      } finally {
        progress.stop()
        await store.close()
      }
    })
}
