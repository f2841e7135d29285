-- One row per incident version (findings of one attack, grouped); read with FINAL for the current state.
CREATE TABLE IF NOT EXISTS incidents
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
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id
TTL toDateTime(LastSeen) + toIntervalDay(365)
SETTINGS non_replicated_deduplication_window = 1000;
