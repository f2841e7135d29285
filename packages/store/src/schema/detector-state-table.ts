// What the detector learned for an epoch of event time (baselines, flows),
// kept so `detect --follow` and `up` restart without learning the current
// epoch again — at 100,000 users a learning pass reads millions of rollup
// rows. A cache of values derived from the rollups: losing it costs one
// learning pass, never a finding. One row per (kind, config, epoch); a
// different detector configuration learns its own.
import type { TableDef } from './definitions.ts'

export const detectorState: TableDef = {
  name: 'detector_state',
  comment: 'Learned detector state per epoch (baselines, flows) as JSON: restarts reuse it instead of learning again.',
  columns: [
    ['Kind', 'LowCardinality(String)'],
    // Hash of the detector configuration and the state format: another configuration learns its own.
    ['ConfigHash', 'String'],
    ['Epoch', 'DateTime'],
    ['LearnedAt', 'DateTime64(3)'],
    ['Body', 'String', 'ZSTD(3)'],
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['LearnedAt'],
  orderBy: '(Kind, ConfigHash, Epoch)',
  // Kept two days after it was learned (wall clock, so a replayed old range
  // can reuse its own): a restart needs the current epoch's; at 100,000 users
  // one epoch's state is ~90 MB before compression (BENCHMARKS.md).
  ttl: 'toDateTime(LearnedAt) + toIntervalDay(2)',
  shardingKey: 'cityHash64(Kind, ConfigHash, Epoch)',
}
