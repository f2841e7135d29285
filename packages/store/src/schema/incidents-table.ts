// Incidents: findings of one attack grouped into one (the detector's
// incident grouping). One row per incident version; the id is derived from the
// earliest finding in it, so a replay writes the same ids. Not partitioned:
// an incident's first-seen time may move when an earlier finding joins, and a
// ReplacingMergeTree only collapses versions within a partition.
import type { TableDef } from './definitions.ts'

export const incidents: TableDef = {
  name: 'incidents',
  comment: 'One row per incident version (findings of one attack, grouped); read with FINAL for the current state.',
  columns: [
    ['Id', 'String'],
    ['Title', 'String'],
    ['Severity', 'LowCardinality(String)'],
    ['Status', 'LowCardinality(String)'],
    ['FirstSeen', 'DateTime64(3)'],
    ['LastSeen', 'DateTime64(3)'],
    ['Kinds', 'Array(LowCardinality(String))'],
    ['Services', 'Array(String)'],
    ['Endpoints', 'Array(String)'],
    ['Users', 'Array(String)'],
    ['Addresses', 'Array(String)'],
    ['HopPath', 'Array(String)'],
    ['FindingIds', 'Array(String)'],
    ['Fingerprints', 'Array(String)'],
    // Why the findings were grouped, one sentence per link kind.
    ['Reasons', 'Array(String)'],
    ['SampleTraceIds', 'Array(String)'],
    ['SampleCorrelationIds', 'Array(String)'],
    ['Version', 'UInt64'],
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  orderBy: 'Id',
  ttl: 'toDateTime(LastSeen) + toIntervalDay({findings_retention_days})',
}
