// new_edge and lateral_movement on a window's edges (pure): one service opening
// several new edges, and a chain of new edges inside one request.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECTOR_CONFIG } from '../src/detector-config.ts'
import type { DetectionInput, EdgeWindow } from '../src/detection-input.ts'
import { detectGraphChanges } from '../src/detectors/service-graph.ts'
import { detectionInput } from './support/detection-input.ts'

const window = { start: 1_800_000_000, end: 1_800_000_060 }
const edge = (caller: string, callee: string, traces: string[]): EdgeWindow => ({
  caller,
  callee,
  method: 'GET',
  route: '/x',
  address: `${callee}:8080`,
  source: 'span',
  calls: traces.length,
  sampleTraceIds: traces,
})
const input = (edges: EdgeWindow[]): DetectionInput =>
  detectionInput(window, {
    edges,
    knownEdges: [
      { caller: 'gateway', callee: 'orders', address: 'orders:8080', source: 'span' },
      { caller: 'orders', callee: 'payments', address: 'payments:8080', source: 'span' },
    ],
    graphSince: window.start - 86_400,
  })

describe('lateral movement', () => {
  it('a chain of new edges inside one trace: orders → vault → secrets, though each opened only one', () => {
    const findings = detectGraphChanges(
      input([
        edge('gateway', 'orders', ['t1', 't2']),
        edge('orders', 'vault', ['t9']),
        edge('vault', 'secrets', ['t9']),
      ]),
      DEFAULT_DETECTOR_CONFIG,
    )
    expect(findings.filter((f) => f.kind === 'new_edge').map((f) => f.entity.edge)).toEqual([
      { from: 'orders', to: 'vault' },
      { from: 'vault', to: 'secrets' },
    ])
    const moves = findings.filter((f) => f.kind === 'lateral_movement')
    expect(moves.map((f) => [f.entity.service, f.summary])).toEqual([
      [
        'orders',
        'one request went orders → vault → secrets over two never-seen edges (trace t9): a compromised service moving sideways?',
      ],
    ])
    expect(moves[0]!.evidence.sampleTraceIds).toEqual(['t9'])
  })

  it('the same new edges in different requests are no chain', () => {
    const findings = detectGraphChanges(
      input([edge('orders', 'vault', ['t9']), edge('vault', 'secrets', ['t10'])]),
      DEFAULT_DETECTOR_CONFIG,
    )
    expect(findings.filter((f) => f.kind === 'lateral_movement')).toEqual([])
  })

  it('one service opening two new edges is flagged once, not again for a chain', () => {
    const findings = detectGraphChanges(
      input([edge('orders', 'vault', ['t9']), edge('orders', 'ledger', ['t9']), edge('vault', 'secrets', ['t9'])]),
      DEFAULT_DETECTOR_CONFIG,
    )
    expect(findings.filter((f) => f.kind === 'lateral_movement').map((f) => f.entity.service)).toEqual(['orders'])
  })
})
