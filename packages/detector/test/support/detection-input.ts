// TEST UTILITY — a window's DetectionInput with nothing in it, for pure
// detector tests to fill in only what they exercise.
import type { DetectionInput, Window } from '../../src/detection-input.ts'

export function detectionInput(window: Window, parts: Partial<DetectionInput> = {}): DetectionInput {
  return { window, endpoints: [], endpointHistory: [], callers: [], callerHistory: [], edges: [], knownEdges: [], graphSince: undefined, correlation: [], secrets: [], flowBypasses: [], ...parts }
}
