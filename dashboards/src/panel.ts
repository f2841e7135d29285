// A current-Grafana panel that grafana-dash-gen rows can hold. The library's
// own panel classes emit pre-Grafana-7 types (graph, singlestat, the old
// table) with Graphite targets, which Grafana 11/12 no longer loads as such;
// its Dashboard/Row/templating model is still what lays our dashboards out,
// so panels plug into it through the one method rows call: generate().
import type { Panel, Target } from './grafana-json.ts'

export interface PanelOptions {
  type: 'timeseries' | 'table' | 'stat' | 'nodeGraph' | 'logs' | 'traces' | 'barchart' | 'bargauge' | 'text'
  title: string
  /** Says what the panel shows and how to read it (Grafana's (i) tooltip). */
  description: string
  /** Width in twelfths of the row, as grafana-dash-gen rows count. */
  span: number
  /** Height in grid units (30 px); defaults to the row's height. */
  height?: number
  targets?: Target[]
  unit?: string
  defaults?: Record<string, unknown>
  overrides?: unknown[]
  options?: Record<string, unknown>
  /** A text panel's markdown. */
  content?: string
}

/** What the layout step reads besides the Grafana fields. */
export interface LaidOutPanel extends Omit<Panel, 'gridPos' | 'id'> {
  span: number
  height?: number
}

export class GrafanaPanel {
  readonly state: LaidOutPanel

  constructor(options: PanelOptions) {
    const defaults = { ...options.defaults, ...(options.unit ? { unit: options.unit } : {}) }
    this.state = {
      type: options.type,
      title: options.title,
      description: options.description,
      span: options.span,
      ...(options.height ? { height: options.height } : {}),
      ...(options.targets ? { datasource: options.targets[0]!.datasource, targets: options.targets } : {}),
      fieldConfig: { defaults, overrides: options.overrides ?? [] },
      options: options.content
        ? { mode: 'markdown', content: options.content, ...options.options }
        : (options.options ?? {}),
    }
  }

  generate(): LaidOutPanel {
    return this.state
  }
}
