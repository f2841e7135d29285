// `tracehound alerts`: findings → Slack / PagerDuty / webhooks, from the
// durable outbox. `tracehound alerts test --receiver NAME` checks the wiring.
import type { Command } from 'commander'
import { startAlerts } from '@tracehound/alerts-pipeline'
import {
  addSilence,
  alertsConfigFromDocument,
  expireSilence,
  listSilences,
  parseDuration,
  sendTestAlert,
} from '@tracehound/alerts'
import { migrate, openStore, type Store } from '@tracehound/store'
import { jsonLog } from './json-log.ts'
import { positiveInteger } from './parse-values.ts'
import { runUntilSignal } from './run-stage.ts'
import { addStoreOptions, loadedConfigFor, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface AlertsFlags extends StoreFlags {
  intervalSeconds: number
  metricsPort?: number
  metricsHost: string
}

/** The alerts section of the configuration every command reads (validated when a command needs it: secrets it references must be set). */
function alertsConfigFor(command: Command): ReturnType<typeof alertsConfigFromDocument> {
  const loaded = loadedConfigFor(command)
  if (loaded.source === 'defaults')
    throw new Error(
      'alerts needs a configuration with an alerts: section: pass --config FILE (or set TRACEHOUND_CONFIG, or put tracehound.yaml in the working directory)',
    )
  return alertsConfigFromDocument(loaded.document, loaded.source)
}

export function registerAlerts(command: Command): void {
  const run = command
    .command('run', { isDefault: true })
    .description(
      'deliver findings continuously (the default); routes and receivers come from the alerts: section of --config',
    )
  addStoreOptions(run)
    .option(
      '--interval-seconds <n>',
      'how often to route new findings and deliver',
      positiveInteger('--interval-seconds'),
      5,
    )
    .option('--metrics-port <port>', 'serve /metrics and /healthz on <port> (0 = any free port)', (v) => Number(v))
    .option('--metrics-host <address>', 'interface for --metrics-port (0.0.0.0 in a container)', '127.0.0.1')
    .addHelpText('after', '\nSecrets come from ${ENV} references or *_file paths in the config; they are never logged.')
    .action(async (flags: AlertsFlags) => {
      const { config, secrets } = alertsConfigFor(run)
      const log = jsonLog('alerts')
      const store = await openStore(storeOptionsFor(run))
      await migrate(store)
      log('info', 'alerts started', { receivers: config.receivers.map((r) => `${r.name} (${r.type})`) })
      const stage = startAlerts(store, { config, secrets, intervalMs: flags.intervalSeconds * 1000, log })
      await runUntilSignal(
        { ...stage, stop: () => stage.stop().finally(() => store.close()) },
        { log, metricsPort: flags.metricsPort, metricsHost: flags.metricsHost },
      )
    })

  const test = command
    .command('test')
    .description('send a sample finding to one receiver through the real payload and delivery code')
    .requiredOption('--receiver <name>', 'the receiver to send the sample to')
  test.action(async (flags: { receiver: string }) => {
    const { config, secrets } = alertsConfigFor(test)
    const result = await sendTestAlert(config, secrets, flags.receiver)
    if (result.ok) process.stdout.write(`test alert delivered to ${flags.receiver} (HTTP ${result.status})\n`)
    else {
      process.stdout.write(`test alert to ${flags.receiver} failed: ${result.error}\n`)
      process.exitCode = 1
    }
  })

  const silence = command.command('silence').description('mute findings that match, for a while')
  const add = silence.command('add').description('add a silence')
  addStoreOptions(add)
    .requiredOption(
      '--matcher <matcher...>',
      'label=value, label!=value, label=~regex or label!~regex (kind, severity, service, environment, fingerprint); all must match',
    )
    .option('--duration <duration>', 'how long, e.g. 2h, 30m, 1d', '2h')
    .option('--comment <text>', 'why', '')
    .option('--created-by <name>', 'who', process.env['USER'] ?? 'unknown')
    .action(async (flags: StoreFlags & { matcher: string[]; duration: string; comment: string; createdBy: string }) => {
      const ms = parseDuration(flags.duration)
      if (ms === undefined || ms === 0)
        throw new Error(`--duration expects a duration like 30m, 2h or 1d; got ${JSON.stringify(flags.duration)}`)
      await withStore(add, async (store) => {
        const added = await addSilence(store, {
          matchers: flags.matcher,
          durationMs: ms,
          createdBy: flags.createdBy,
          comment: flags.comment,
        })
        process.stdout.write(`silence ${added.id} until ${added.endsAt}: ${added.matchers.join(', ')}\n`)
      })
    })
  const list = silence.command('list').description('list silences (active ones unless --all)')
  addStoreOptions(list)
    .option('--all', 'include expired silences')
    .action(async (flags: StoreFlags & { all?: boolean }) => {
      await withStore(list, async (store) => {
        const list = await listSilences(store, flags.all ? undefined : Date.now())
        if (list.length === 0) process.stdout.write('no silences\n')
        for (const s of list)
          process.stdout.write(
            `${s.id}  until ${s.endsAt}  ${s.matchers.join(', ')}  ${s.comment ? `— ${s.comment} ` : ''}(${s.createdBy})\n`,
          )
      })
    })
  const expire = silence
    .command('expire')
    .description('end a silence now')
    .argument('<id>', 'silence id (from silence list)')
  addStoreOptions(expire).action(async (id: string) => {
    await withStore(expire, async (store) => {
      if (!(await expireSilence(store, id)))
        throw new Error(`no silence with id ${id}; see tracehound alerts silence list --all`)
      process.stdout.write(`silence ${id} expired\n`)
    })
  })
}

async function withStore(command: Command, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(storeOptionsFor(command))
  try {
    await migrate(store)
    await work(store)
  } finally {
    await store.close()
  }
}
