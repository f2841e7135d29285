// `tracehound console`: the web console as its own stage, over a store it
// only reads (a ClickHouse server with a read-only user, or an embedded
// store no other process holds). `up` serves the same console on its port.
import type { Command } from 'commander'
import { openStore } from '@tracehound/store'
import { readStoreHealth } from '../console/health-query.ts'
import { startConsoleServer } from '../console/console-server.ts'
import { jsonLog } from './json-log.ts'
import { runUntilSignal } from './run-stage.ts'
import { addStoreOptions, loadedConfigFor, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface ConsoleFlags extends StoreFlags {
  host: string
  port: number
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function registerConsole(command: Command): void {
  addStoreOptions(command)
    .option(
      '--host <address>',
      'interface to listen on (0.0.0.0 in a container; then a token is required)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port of the page and its API', (v) => Number(v), 8080)
    .addHelpText(
      'after',
      '\nServes the console at / and its read API at /api/* (findings, incidents, edges, traces, series, health).\nTRACEHOUND_CONSOLE_TOKEN guards /api/*; it is required unless the console listens on loopback only.\nGive it a read-only ClickHouse user: it never writes.',
    )
    .action(async (flags: ConsoleFlags) => {
      if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535)
        throw new Error(`--port ${flags.port}: expected a port number (0-65535)`)
      const token = loadedConfigFor(command).secrets.consoleToken
      if (!token && !LOOPBACK.has(flags.host))
        throw new Error(
          `--host ${flags.host} serves the console beyond this machine: set TRACEHOUND_CONSOLE_TOKEN (8+ characters) so only those with it can read findings and traces`,
        )
      if (token !== undefined && token.length < 8)
        throw new Error('TRACEHOUND_CONSOLE_TOKEN: expected at least 8 characters')
      const log = jsonLog('console')
      const store = await openStore(storeOptionsFor(command))
      try {
        await readStoreHealth(store)
      } catch (err) {
        await store.close()
        throw new Error(
          `the console cannot read the tracehound tables (${(err as Error).message.split('\n')[0]}): run \`tracehound migrate\` against this store first, and give the console's user SELECT on its database`,
        )
      }
      const server = await startConsoleServer(store, { host: flags.host, port: flags.port, token, log })
      process.stdout.write(
        `tracehound console on ${server.url}/${token ? ' (it asks for TRACEHOUND_CONSOLE_TOKEN)' : ''}\n`,
      )
      await runUntilSignal(
        {
          health: () => ({ ok: true }),
          metrics: () =>
            [
              '# HELP tracehound_console_requests_total Requests answered, by status class.',
              '# TYPE tracehound_console_requests_total counter',
              ...[...server.answered].map(([code, n]) => `tracehound_console_requests_total{code="${code}"} ${n}`),
              '',
            ].join('\n'),
          stop: () => server.close().finally(() => store.close()),
        },
        { log },
      )
    })
}
