-- Alert silences: matchers (Alertmanager syntax) muting matching findings until EndsAt; one row per version.
CREATE TABLE IF NOT EXISTS alert_silences_local ON CLUSTER analytics
(
  Id String,
  Matchers Array(String),
  StartsAt DateTime64(3),
  EndsAt DateTime64(3),
  CreatedBy String,
  Comment String,
  Version UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/alert_silences_local', '{replica}', Version)
ORDER BY Id;

-- Reads and writes of alert_silences fan out to alert_silences_local on every shard.
CREATE TABLE IF NOT EXISTS alert_silences ON CLUSTER analytics AS alert_silences_local
ENGINE = Distributed(analytics, currentDatabase(), alert_silences_local, rand());
