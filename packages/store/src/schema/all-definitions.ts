// Every table and view, in creation order: a view's source and target exist
// before the view.
import { detectorState } from './detector-state-table.ts'
import { incidents } from './incidents-table.ts'
import type { TableDef, ViewDef } from './definitions.ts'
import { alertOutbox, alertSilences, findings } from './findings-tables.ts'
import { otelLogs, otelTraces, otelTracesTraceIdTs, otelTracesTraceIdTsMv } from './otel-tables.ts'
import {
  endpointMinute,
  endpointMinuteMv,
  endpointMinuteMvV1,
  userEndpointMinute,
  userEndpointMinuteMv,
  userEndpointMinuteMvV1,
} from './rollups.ts'
import { edgesClientMv, edgesPairedMv, serviceEdgesMinute, spanLinks, spanLinksMv } from './service-edges.ts'

export type SchemaObject = { readonly table: TableDef } | { readonly view: ViewDef }

/** Migration 1, as released: its views keep the principal expressions of then (migration 3 replaces them). */
export const SCHEMA_OBJECTS: readonly SchemaObject[] = [
  { table: otelTraces },
  { table: otelTracesTraceIdTs },
  { view: otelTracesTraceIdTsMv },
  { table: otelLogs },
  { table: endpointMinute },
  { view: endpointMinuteMvV1 },
  { table: userEndpointMinute },
  { view: userEndpointMinuteMvV1 },
  { table: spanLinks },
  { table: serviceEdgesMinute },
  // The paired view reads span_links, so it is created before span_links_mv
  // starts filling it; either order counts each pair once (service-edges.ts).
  { view: edgesPairedMv },
  { view: spanLinksMv },
  { view: edgesClientMv },
  { table: findings },
  { table: alertOutbox },
]

/** Added by migration 2 (kept apart so migration 1 stays what it was when released). */
export const SILENCE_OBJECTS: readonly SchemaObject[] = [{ table: alertSilences }]

/** Dropped and created again by migration 3 (their principal expressions changed). */
export const PRINCIPAL_VIEWS: readonly SchemaObject[] = [{ view: endpointMinuteMv }, { view: userEndpointMinuteMv }]

/** Added by migration 4. */
export const INCIDENT_OBJECTS: readonly SchemaObject[] = [{ table: incidents }]

/** Added by migration 5. */
export const DETECTOR_STATE_OBJECTS: readonly SchemaObject[] = [{ table: detectorState }]

export const TABLES: readonly TableDef[] = [
  ...SCHEMA_OBJECTS,
  ...SILENCE_OBJECTS,
  ...INCIDENT_OBJECTS,
  ...DETECTOR_STATE_OBJECTS,
].flatMap((o) => ('table' in o ? [o.table] : []))
