// `tracehound dashboards`: writes the generated Grafana dashboards to a
// folder (--out) and/or creates them in a Grafana (--publish, token from
// GRAFANA_TOKEN).
import type { Command } from 'commander'
import { publishDashboards, writeDashboards } from '@tracehound/dashboards'
import { loadedConfigFor } from './store-options.ts'

interface DashboardsFlags {
  out?: string
  publish?: string
  folder?: string
}

export function registerDashboards(command: Command): void {
  command
    .option('--out <dir>', 'write one JSON file per dashboard into this folder (created if missing)')
    .option('--publish <url>', 'create or update the dashboards in this Grafana (base URL); token from GRAFANA_TOKEN')
    .option('--folder <uid>', 'with --publish: the Grafana folder uid to put them in (default: General)')
    .addHelpText(
      'after',
      '\nThe same JSON is committed under dashboards/json and provisioned by docker-compose.yml.\nGRAFANA_TOKEN: a Grafana service-account token with Editor rights on the folder.',
    )
    .action(async (flags: DashboardsFlags) => {
      if (!flags.out && !flags.publish)
        throw new Error(
          'nothing to do: give --out DIR to write the JSON, --publish URL to create them in Grafana, or both',
        )
      if (flags.out) {
        const written = await writeDashboards(flags.out)
        for (const path of written) process.stdout.write(`wrote ${path}\n`)
      }
      if (flags.publish) {
        const token = loadedConfigFor(command).secrets.grafanaToken
        if (!token)
          throw new Error(
            '--publish needs a Grafana service-account token in GRAFANA_TOKEN (Administration → Service accounts → add token, role Editor)',
          )
        await publishDashboards({
          url: flags.publish,
          token,
          ...(flags.folder ? { folderUid: flags.folder } : {}),
          onPublished: (title, url) => process.stdout.write(`published ${title}${url ? ` → ${url}` : ''}\n`),
        })
      }
    })
}
