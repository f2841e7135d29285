/**
 * @tracehound/detector — baselines from the store's rollups, detectors for
 * the finding kinds of docs/architecture.md, findings that explain themselves.
 * This is the public API; tests import internals from their files.
 */
export { detectRange, type DetectRangeOptions, type DetectRangeReport } from './detect-range.ts'
export { DetectionState } from './rollup-reader.ts'
export { followDetection, type FollowDetection, type FollowOptions } from './follow-detection.ts'
export { listFindings, openFindings, type FindingsQuery } from './findings-table.ts'
export { listIncidents, type IncidentsQuery } from './incidents-table.ts'
export { incidentToJson, type Incident } from './incident.ts'
export { LINK_KINDS, type LinkKind } from './incident-links.ts'
export { parseOpenApi, InventoryError, type ApiInventory } from './api-inventory.ts'
export { parseEdgePolicy, EdgePolicyError } from './edge-policy.ts'
export { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector-config.ts'
export {
  FINDING_KINDS,
  fingerprintOf,
  findingToJson,
  type Finding,
  type FindingKind,
  type Entity,
  type Evidence,
  type Severity,
} from './finding.ts'
