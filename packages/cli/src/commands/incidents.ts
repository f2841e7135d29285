// `tracehound incidents`: the findings of one attack, grouped — a table for
// people, JSON lines for programs (id, title, severity, status, first_seen,
// last_seen, kinds, entities, hop_path, finding_ids, reasons, sample ids).
import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import { incidentToJson, listIncidents } from '@tracehound/detector'
import { openStore } from '@tracehound/store'
import { parseTime } from './parse-time.ts'
import { addStoreOptions, storeOptionsFor, type StoreFlags } from './store-options.ts'
import { forTerminal } from './terminal-text.ts'

interface IncidentsFlags extends StoreFlags {
  json?: boolean
  status?: 'open' | 'resolved' | 'merged'
  from?: number
  to?: number
}

const STATUSES = ['open', 'resolved', 'merged']
const status = (value: string): string => {
  if (!STATUSES.includes(value))
    throw new InvalidArgumentError(`--status expects one of ${STATUSES.join(', ')}; got ${JSON.stringify(value)}`)
  return value
}

export function registerIncidents(command: Command): void {
  addStoreOptions(command)
    .option(
      '--json',
      'one JSON object per line (id, title, severity, status, first_seen, last_seen, kinds, entities, finding_ids, …)',
    )
    .option('--status <status>', 'open, resolved or merged (absorbed into another incident)', status)
    .option('--from <time>', 'incidents last seen after this time', parseTime('--from'))
    .option('--to <time>', 'incidents first seen before this time', parseTime('--to'))
    .addHelpText(
      'after',
      '\nAn incident groups the findings of one attack: the same principal, the same traces across hops, the same source service. `reasons` says why; `detect.incidents` in tracehound.yaml tunes it.',
    )
    .action(async (flags: IncidentsFlags) => {
      const store = await openStore(storeOptionsFor(command))
      try {
        const incidents = await listIncidents(store, {
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
        })
        if (flags.json) {
          for (const i of incidents) process.stdout.write(`${JSON.stringify(incidentToJson(i))}\n`)
          return
        }
        if (incidents.length === 0) {
          process.stdout.write('no incidents\n')
          return
        }
        for (const i of incidents) {
          process.stdout.write(
            `${i.firstSeen}  ${i.status.padEnd(8)} ${i.severity.padEnd(8)} ${String(i.findingIds.length).padStart(3)} findings  ${forTerminal(i.title)}\n`,
          )
        }
      } finally {
        await store.close()
      }
    })
}
