// Tables the detector and the alert router write: findings (one row per
// finding version) and the durable alert outbox (one row per delivery version).
// Both are ReplacingMergeTree on a version column: an update is an insert of a
// newer version, so status changes never need ALTER … UPDATE mutations.
import type { TableDef } from './definitions.ts'

export const findings: TableDef = {
  name: 'findings',
  comment: 'One row per finding version; read with FINAL (or argMax by Version) for the current state.',
  columns: [
    ['Id', 'String'],
    ['Fingerprint', 'String'],
    ['Kind', 'LowCardinality(String)'],
    ['Severity', 'LowCardinality(String)'],
    ['Score', 'Float64'],
    ['EntityService', 'LowCardinality(String)'],
    ['EntityEndpoint', 'String'],
    ['EdgeFrom', 'LowCardinality(String)'],
    ['EdgeTo', 'LowCardinality(String)'],
    ['EntityUser', 'String'],
    ['WindowStart', 'DateTime64(3)'],
    ['WindowEnd', 'DateTime64(3)'],
    ['Summary', 'String'],
    // JSON: observed vs baseline numbers and sample trace ids.
    ['Evidence', 'String', 'ZSTD(3)'],
    ['Status', 'LowCardinality(String)'],
    ['DetectedAt', 'DateTime64(3)'],
    ['Version', 'UInt64'],
  ],
  indexes: ['idx_fingerprint Fingerprint TYPE bloom_filter(0.01) GRANULARITY 1'],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  partitionBy: 'toYYYYMM(WindowStart)',
  orderBy: '(Kind, Id)',
  ttl: 'toDateTime(WindowStart) + toIntervalDay({findings_retention_days})',
}

export const alertOutbox: TableDef = {
  name: 'alert_outbox',
  comment: 'Durable alert outbox: one row per delivery version (pending → sent | failed | dead).',
  columns: [
    ['Id', 'String'],
    ['FindingId', 'String'],
    ['Fingerprint', 'String'],
    ['Receiver', 'LowCardinality(String)'],
    ['Action', 'LowCardinality(String)'],
    ['Payload', 'String', 'ZSTD(3)'],
    ['Status', 'LowCardinality(String)'],
    ['Attempts', 'UInt32'],
    ['NextAttemptAt', 'DateTime64(3)'],
    ['LastError', 'String'],
    ['CreatedAt', 'DateTime64(3)'],
    ['Version', 'UInt64'],
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  partitionBy: 'toYYYYMM(CreatedAt)',
  orderBy: '(Receiver, Id)',
  ttl: 'toDateTime(CreatedAt) + toIntervalDay({findings_retention_days})',
}

export const alertSilences: TableDef = {
  name: 'alert_silences',
  comment: 'Alert silences: matchers (Alertmanager syntax) muting matching findings until EndsAt; one row per version.',
  columns: [
    ['Id', 'String'],
    ['Matchers', 'Array(String)'],
    ['StartsAt', 'DateTime64(3)'],
    ['EndsAt', 'DateTime64(3)'],
    ['CreatedBy', 'String'],
    ['Comment', 'String'],
    ['Version', 'UInt64'],
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  orderBy: 'Id',
}
