// `tracehound alerts`: findings → Slack / PagerDuty / webhooks, from the
// durable outbox. `tracehound alerts test --receiver NAME` checks the wiring.
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { InvalidArgumentError, type Command } from 'commander'
import { AlertRouter, parseAlertsConfig, sendTestAlert } from '@tracehound/alerts'
import { migrate, openStore } from '@tracehound/store'
import { jsonLog } from './json-log.ts'
import { positiveInteger } from './parse-values.ts'
import { addStoreOptions, storeOptionsFrom, type StoreFlags } from './store-options.ts'

interface AlertsFlags extends StoreFlags {
  config: string
  receiver?: string
  intervalSeconds: number
}

function loadConfig(path: string): ReturnType<typeof parseAlertsConfig> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(`${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'}); pass --config FILE`)
  }
  return parseAlertsConfig(text, path)
}

export function registerAlerts(command: Command): void {
  addStoreOptions(command)
    .argument('[mode]', 'run (default): deliver findings continuously; test: send a sample finding to --receiver', (v: string) => {
      if (v !== 'run' && v !== 'test') throw new InvalidArgumentError('expected run or test')
      return v
    }, 'run')
    .option('--config <file>', 'tracehound.yaml with an alerts: section', process.env['TRACEHOUND_CONFIG'] ?? 'tracehound.yaml')
    .option('--receiver <name>', 'with test: the receiver to send the sample to')
    .option('--interval-seconds <n>', 'how often to route new findings and deliver', positiveInteger('--interval-seconds'), 5)
    .addHelpText('after', '\nSecrets come from ${ENV} references or *_file paths in the config; they are never logged.')
    .action(async (mode: 'run' | 'test', flags: AlertsFlags) => {
      const { config, secrets } = loadConfig(flags.config)
      if (mode === 'test') {
        if (!flags.receiver) throw new Error('alerts test needs --receiver NAME')
        const result = await sendTestAlert(config, secrets, flags.receiver)
        if (result.ok) process.stdout.write(`test alert delivered to ${flags.receiver} (HTTP ${result.status})\n`)
        else {
          process.stdout.write(`test alert to ${flags.receiver} failed: ${result.error}\n`)
          process.exitCode = 1
        }
        return
      }
      const log = jsonLog('alerts')
      const store = await openStore(storeOptionsFrom(flags, process.env))
      await migrate(store)
      const router = new AlertRouter(store, config, secrets, { log })
      let stopping = false
      process.once('SIGINT', () => (stopping = true))
      process.once('SIGTERM', () => (stopping = true))
      log('info', 'alerts started', { receivers: config.receivers.map((r) => `${r.name} (${r.type})`) })
      while (!stopping) {
        try {
          const enqueued = await router.enqueue()
          const delivered = await router.dispatch()
          if (enqueued || delivered.sent || delivered.dead) log('info', 'cycle', { enqueued, ...delivered })
        } catch (err) {
          log('error', 'alerts cycle failed; retrying next cycle', { error: (err as Error).message })
        }
        await sleep(flags.intervalSeconds * 1000)
      }
      await store.close()
    })
}
