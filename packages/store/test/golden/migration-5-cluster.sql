-- Learned detector state per epoch (baselines, flows) as JSON: restarts reuse it instead of learning again.
CREATE TABLE IF NOT EXISTS detector_state_local ON CLUSTER analytics
(
  Kind LowCardinality(String),
  ConfigHash String,
  Epoch DateTime,
  LearnedAt DateTime64(3),
  Body String CODEC(ZSTD(3))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/detector_state_local', '{replica}', LearnedAt)
ORDER BY (Kind, ConfigHash, Epoch)
TTL toDateTime(LearnedAt) + toIntervalDay(2);

-- Reads and writes of detector_state fan out to detector_state_local on every shard.
CREATE TABLE IF NOT EXISTS detector_state ON CLUSTER analytics AS detector_state_local
ENGINE = Distributed(analytics, currentDatabase(), detector_state_local, cityHash64(Kind, ConfigHash, Epoch));
