// `tracehound findings`: list findings, as a table for people or JSON lines
// (one finding per line, the shape of docs/architecture.md) for programs.
import type { Command } from 'commander'
import { FINDING_KINDS, findingToJson, listFindings } from '@tracehound/detector'
import { openStore } from '@tracehound/store'
import { InvalidArgumentError } from 'commander'
import { parseTime } from './parse-time.ts'
import { addStoreOptions, storeOptionsFor, type StoreFlags } from './store-options.ts'
import { forTerminal } from './terminal-text.ts'

interface FindingsFlags extends StoreFlags {
  json?: boolean
  kind?: string
  status?: 'open' | 'resolved'
  from?: number
  to?: number
}

const kind = (value: string): string => {
  if (!(FINDING_KINDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`--kind expects one of ${FINDING_KINDS.join(', ')}; got ${JSON.stringify(value)}`)
  return value
}

export function registerFindings(command: Command): void {
  addStoreOptions(command)
    .option(
      '--json',
      'one JSON object per line (id, fingerprint, kind, severity, score, entity, window, summary, evidence, status)',
    )
    .option('--kind <kind>', `only this kind (${FINDING_KINDS.join(', ')})`, kind)
    .option('--status <status>', 'open or resolved')
    .option('--from <time>', 'findings whose window ends after this time', parseTime('--from'))
    .option('--to <time>', 'findings whose window starts before this time', parseTime('--to'))
    .action(async (flags: FindingsFlags) => {
      const store = await openStore(storeOptionsFor(command))
      try {
        const findings = await listFindings(store, {
          ...(flags.kind ? { kind: flags.kind } : {}),
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
        })
        if (flags.json) {
          for (const f of findings) process.stdout.write(`${JSON.stringify(findingToJson(f))}\n`)
          return
        }
        if (findings.length === 0) {
          process.stdout.write('no findings\n')
          return
        }
        for (const f of findings) {
          process.stdout.write(
            `${f.window.start}  ${f.status.padEnd(8)} ${f.severity.padEnd(8)} ${f.kind.padEnd(22)} ${forTerminal(f.summary)}\n`,
          )
        }
      } finally {
        await store.close()
      }
    })
}
