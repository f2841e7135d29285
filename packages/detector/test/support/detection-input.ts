// TEST UTILITY — a window's DetectionInput with nothing in it, for pure
// detector tests to fill in only what they exercise.
import type { DetectionInput, Window } from '../../src/detection-input.ts'

export function detectionInput(window: Window, parts: Partial<DetectionInput> = {}): DetectionInput {
  return {
    window,
    horizons: [1, 5, 15, 60],
    endpoints: [],
    endpointHistory: [],
    principalCounts: [],
    endpointCounts: [],
    addressAuthCounts: [],
    serviceSpanCounts: [],
    endpointsSeenSinceBaselines: [],
    baselines: {
      population: new Map(),
      own: new Map(),
      serviceOwn: new Map(),
      serviceDispersion: new Map(),
      establishedPrincipals: new Map(),
      endpointMinutes: new Map(),
      missingCorrelationShare: new Map(),
    },
    edges: [],
    knownEndpoints: new Map(),
    endpointsSince: undefined,
    knownEdges: [],
    graphSince: undefined,
    secrets: [],
    flowBypasses: [],
    adoptionsDue: [],
    ...parts,
  }
}
