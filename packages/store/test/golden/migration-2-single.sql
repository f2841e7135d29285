-- Alert silences: matchers (Alertmanager syntax) muting matching findings until EndsAt; one row per version.
CREATE TABLE IF NOT EXISTS alert_silences
(
  Id String,
  Matchers Array(String),
  StartsAt DateTime64(3),
  EndsAt DateTime64(3),
  CreatedBy String,
  Comment String,
  Version UInt64
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY Id
SETTINGS non_replicated_deduplication_window = 1000;
