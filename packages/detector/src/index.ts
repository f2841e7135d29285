/**
 * @tracehound/detector — baselines from the store's rollups, detectors for
 * the finding kinds of docs/architecture.md, findings that explain themselves.
 */
export { detectRange, type DetectRangeOptions, type DetectRangeReport } from './detect-range.ts'
export { detectWindow } from './detect-window.ts'
export { followDetection, type FollowDetection, type FollowOptions } from './follow-detection.ts'
export { DetectionState, readDetectionInput } from './rollup-reader.ts'
export { FlowBaseline, chooseFlows, type LearnedFlow } from './flow-baseline.ts'
export { listFindings, openFindings, toRow as findingToRow, type FindingsQuery } from './findings-table.ts'
export { FindingTracker } from './finding-tracker.ts'
export { parseOpenApi, normalizeRoute, InventoryError, type ApiInventory } from './api-inventory.ts'
export { parseEdgePolicy, edgeAllowed, EdgePolicyError } from './edge-policy.ts'
export { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector-config.ts'
export {
  FINDING_KINDS,
  fingerprintOf,
  findingToJson,
  type Finding,
  type FindingDraft,
  type FindingKind,
  type Entity,
  type Evidence,
  type Severity,
} from './finding.ts'
export type { DetectionInput } from './detection-input.ts'
