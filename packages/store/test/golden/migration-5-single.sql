-- Learned detector state per epoch (baselines, flows) as JSON: restarts reuse it instead of learning again.
CREATE TABLE IF NOT EXISTS detector_state
(
  Kind LowCardinality(String),
  ConfigHash String,
  Epoch DateTime,
  LearnedAt DateTime64(3),
  Body String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(LearnedAt)
ORDER BY (Kind, ConfigHash, Epoch)
TTL toDateTime(LearnedAt) + toIntervalDay(2)
SETTINGS non_replicated_deduplication_window = 1000;
