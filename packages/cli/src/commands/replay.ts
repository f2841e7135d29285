// `tracehound replay FILE…`: load OTLP JSON lines into the store, with progress.
import type { Command } from 'commander'
import { replayFiles } from '@tracehound/ingest'
import { migrate, oldestKept, openStore, readRetentionDays } from '@tracehound/store'
import { positiveInteger } from './parse-values.ts'
import { progressReporter } from './progress-reporter.ts'
import { addStoreOptions, configFor, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface ReplayFlags extends StoreFlags {
  batchRows: number
  retentionDays?: number
}

export function registerReplay(command: Command): void {
  addStoreOptions(command)
    .option('--batch-rows <n>', 'rows per insert', positiveInteger('--batch-rows'), 50_000)
    .option(
      '--retention-days <n>',
      "set the store's span retention first (to load a capture older than it; raises the rollups' retention to match)",
      positiveInteger('--retention-days'),
    )
    .addHelpText(
      'after',
      '\nEach line: one OTLP/JSON ExportTraceServiceRequest (or ExportLogsServiceRequest). Files ending in .gz are decompressed.\nEvery file is checked before anything is stored; replaying the same file again stores nothing new.',
    )
    .action(async (files: string[], flags: ReplayFlags) => {
      const principalAliases = configFor(command).detect?.principals ?? {}
      const store = await openStore(storeOptionsFor(command))
      const progress = progressReporter('replay')
      let lastReport = 0
      try {
        if (flags.retentionDays !== undefined) {
          // Only ever raises the rollups' retention: a store kept longer stays so.
          await migrate(store)
          const rollups = (await readRetentionDays(store, 'endpoint_minute')) ?? 0
          await migrate(store, {
            retentionDays: flags.retentionDays,
            rollupRetentionDays: Math.max(rollups, flags.retentionDays),
          })
        } else await migrate(store)
        const retentionDays = await readRetentionDays(store)
        const started = Date.now()
        const report = await replayFiles(store, files, {
          batchRows: flags.batchRows,
          principalAliases,
          ...(retentionDays !== undefined ? { oldestKept: oldestKept(retentionDays), retentionDays } : {}),
          onProgress: (done, total) => {
            // Lines for logs and pipes: at most one every 2 s, plus the last.
            if (process.stderr.isTTY || done === total || Date.now() - lastReport > 2000) {
              lastReport = Date.now()
              progress.update(done, total, 'rows')
            }
          },
        })
        progress.stop()
        const seconds = (Date.now() - started) / 1000
        process.stdout.write(
          `replayed ${report.lines} lines: ${report.spans} spans, ${report.logs} log records in ${seconds.toFixed(1)} s\n`,
        )
      } finally {
        progress.stop()
        await store.close()
      }
    })
}
