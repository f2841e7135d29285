-- One row per incident version (findings of one attack, grouped); read with FINAL for the current state.
CREATE TABLE IF NOT EXISTS incidents_local ON CLUSTER analytics
(
  Id String,
  Title String,
  Severity LowCardinality(String),
  Status LowCardinality(String),
  FirstSeen DateTime64(3),
  LastSeen DateTime64(3),
  Kinds Array(LowCardinality(String)),
  Services Array(String),
  Endpoints Array(String),
  Users Array(String),
  Addresses Array(String),
  HopPath Array(String),
  FindingIds Array(String),
  Fingerprints Array(String),
  Reasons Array(String),
  SampleTraceIds Array(String),
  SampleCorrelationIds Array(String),
  Version UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/incidents_local', '{replica}', Version)
ORDER BY Id
TTL toDateTime(LastSeen) + toIntervalDay(365);

-- Reads and writes of incidents fan out to incidents_local on every shard.
CREATE TABLE IF NOT EXISTS incidents ON CLUSTER analytics AS incidents_local
ENGINE = Distributed(analytics, currentDatabase(), incidents_local, rand());
