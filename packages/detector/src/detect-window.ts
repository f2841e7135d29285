// All detectors over one window's input. Pure.
import type { DetectorConfig } from './detector-config.ts'
import type { DetectionInput } from './detection-input.ts'
import { detectAuthFailures } from './detectors/auth-failures.ts'
import { detectCallerAbuse } from './detectors/caller-abuse.ts'
import { detectFlowBypass } from './detectors/flow-bypass.ts'
import { detectMissingCorrelation, detectSecretLeaks, detectShadowEndpoints } from './detectors/hygiene.ts'
import { detectRateSpikes } from './detectors/rate-spike.ts'
import { detectGraphChanges } from './detectors/service-graph.ts'
import type { FindingDraft } from './finding.ts'

export function detectWindow(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  return [
    ...detectCallerAbuse(input, config),
    ...detectAuthFailures(input, config),
    ...detectFlowBypass(input, config),
    ...detectRateSpikes(input, config),
    ...detectGraphChanges(input, config),
    ...detectShadowEndpoints(input, config),
    ...detectMissingCorrelation(input, config),
    ...detectSecretLeaks(input),
  ]
}
