// `tracehound detect`: detection over an event-time range (--from/--to), or
// continuously (--follow) on a watermark with bounded lateness.
import type { Command } from 'commander'
import { startDetect } from '@tracehound/detect'
import { detectRange, type Finding, type Incident } from '@tracehound/detector'
import { migrate, openStore } from '@tracehound/store'
import { positiveInteger } from './parse-values.ts'
import { parseTime } from './parse-time.ts'
import { progressReporter } from './progress-reporter.ts'
import { effective } from '../config/effective-option.ts'
import { addDetectorOptions, detectorSettingsFor } from './detector-settings.ts'
import { addStoreOptions, configFor, storeOptionsFor, type StoreFlags } from './store-options.ts'
import { jsonLog } from './json-log.ts'
import { runUntilSignal } from './run-stage.ts'
import { forTerminal } from './terminal-text.ts'

interface DetectFlags extends StoreFlags {
  from?: number
  to?: number
  follow?: boolean
  latenessSeconds: number
  metricsPort?: number
  metricsHost: string
}

function printFinding(f: Finding): void {
  const state = f.status === 'resolved' ? 'resolved' : f.severity
  process.stdout.write(`${f.window.start}  ${state.padEnd(8)} ${f.kind.padEnd(22)} ${forTerminal(f.summary)}\n`)
}

function printIncident(i: Incident): void {
  if (i.status === 'merged') return
  process.stdout.write(
    `${i.firstSeen}  incident ${i.status === 'resolved' ? 'resolved' : i.severity} ${i.id}: ${forTerminal(i.title)} (${i.findingIds.length} findings)\n`,
  )
}

export function registerDetect(command: Command): void {
  addDetectorOptions(addStoreOptions(command))
    .option(
      '--from <time>',
      'start of the event-time range (ISO-8601, epoch seconds, or -15m / -2h)',
      parseTime('--from'),
    )
    .option('--to <time>', 'end of the range, exclusive (default: now)', parseTime('--to'))
    .option('--follow', 'keep detecting as spans arrive, one window at a time behind the watermark')
    .option(
      '--lateness-seconds <n>',
      'with --follow: how far behind the newest span the watermark stays',
      positiveInteger('--lateness-seconds'),
      30,
    )
    .option('--metrics-port <port>', 'with --follow: serve /metrics and /healthz on <port> (0 = any free port)', (v) =>
      Number(v),
    )
    .option('--metrics-host <address>', 'interface for --metrics-port (0.0.0.0 in a container)', '127.0.0.1')
    .addHelpText(
      'after',
      '\nBaselines for each window come from the data before it, so a replayed range gives the same findings as live detection.\nFindings are printed as they open, update and resolve, and stored in the findings table (see `tracehound findings`).',
    )
    .action(async (flags: DetectFlags) => {
      if (!flags.follow && flags.from === undefined)
        throw new Error('detect needs --from (and optionally --to), or --follow; e.g. tracehound detect --from -1h')
      const loaded = configFor(command)
      const settings = loaded.detect
      const config = detectorSettingsFor(command, loaded) // before the store opens: a bad policy file changes nothing
      flags.latenessSeconds = effective(command, 'latenessSeconds', settings?.lateness_seconds) ?? flags.latenessSeconds
      const store = await openStore(storeOptionsFor(command))
      try {
        await migrate(store)
        if (!flags.follow) {
          const progress = progressReporter('detect')
          const to = flags.to ?? Math.floor(Date.now() / 1000)
          const report = await detectRange(store, {
            from: flags.from!,
            to,
            config,
            onFinding: printFinding,
            onIncident: printIncident,
            onProgress: (done, total) => progress.update(done, total, 'windows'),
          })
          progress.stop()
          process.stdout.write(
            `detected over ${report.windows} windows: ${report.findings.filter((f) => f.status === 'open').length} open, ${report.findings.filter((f) => f.status === 'resolved').length} resolved findings; ${report.incidents.filter((i) => i.status !== 'merged').length} incidents\n`,
          )
          return
        }
        const log = jsonLog('detect')
        const stage = startDetect(store, {
          latenessSeconds: flags.latenessSeconds,
          config,
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          onFinding: printFinding,
          onIncident: printIncident,
          log,
          pollMs: 5_000,
        })
        await runUntilSignal(stage, {
          log,
          metricsPort: flags.metricsPort,
          metricsHost: flags.metricsHost,
          progress: () => ({ detected_until: new Date(stage.detectedUntil * 1000).toISOString() }),
          progressMs: 60_000,
        })
      } finally {
        await store.close()
      }
    })
}
