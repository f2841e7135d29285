// The ingest stage's own numbers, rendered as Prometheus text for /metrics
// and summarized for the periodic log line.

export class IngestMetrics {
  readonly rowsInserted = new Map<string, number>()
  readonly messages = new Map<string, number>()
  readonly deadLetters = new Map<string, number>()
  readonly outsideRetention = new Map<string, number>()
  insertRetries = 0
  /** Units that failed after their batch was handed back, fetched again from their first offset. */
  unitRewinds = 0
  units = 0
  unitSecondsSum = 0
  readonly lag = new Map<string, bigint>()
  readonly startedAt = Date.now()

  countRows(table: string, rows: number): void {
    this.rowsInserted.set(table, (this.rowsInserted.get(table) ?? 0) + rows)
  }

  countMessages(topic: string, n: number): void {
    this.messages.set(topic, (this.messages.get(topic) ?? 0) + n)
  }

  countOutsideRetention(topic: string, n: number): void {
    this.outsideRetention.set(topic, (this.outsideRetention.get(topic) ?? 0) + n)
  }

  countDeadLetters(topic: string, n: number): void {
    this.deadLetters.set(topic, (this.deadLetters.get(topic) ?? 0) + n)
  }

  observeUnit(seconds: number): void {
    this.units++
    this.unitSecondsSum += seconds
  }

  setLag(topic: string, partition: number, lag: bigint): void {
    this.lag.set(`${topic}/${partition}`, lag < 0n ? 0n : lag)
  }

  totalLag(): bigint {
    let total = 0n
    for (const value of this.lag.values()) total += value
    return total
  }

  render(): string {
    const lines: string[] = []
    const family = (name: string, type: string, help: string, samples: [string, number | bigint][]): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
    }
    const label = (key: string, value: string): string => `{${key}="${value.replace(/["\\\n]/g, '_')}"}`
    family(
      'tracehound_ingest_rows_inserted_total',
      'counter',
      'Rows written to ClickHouse.',
      [...this.rowsInserted].map(([t, v]) => [label('table', t), v]),
    )
    family(
      'tracehound_ingest_messages_total',
      'counter',
      'Kafka messages processed.',
      [...this.messages].map(([t, v]) => [label('topic', t), v]),
    )
    family(
      'tracehound_ingest_dead_letters_total',
      'counter',
      'Messages sent to the dead-letter topic.',
      [...this.deadLetters].map(([t, v]) => [label('topic', t), v]),
    )
    family(
      'tracehound_ingest_rejected_outside_retention_total',
      'counter',
      'Records older than the store keeps: counted and logged, not stored.',
      [...this.outsideRetention].map(([t, v]) => [label('topic', t), v]),
    )
    family('tracehound_ingest_insert_retries_total', 'counter', 'Inserts retried after a retriable failure.', [
      ['', this.insertRetries],
    ])
    family(
      'tracehound_ingest_unit_rewinds_total',
      'counter',
      'Units that failed to store after their batch was handed back; their partition was fetched again from the unit.',
      [['', this.unitRewinds]],
    )
    // Summary samples are the family name plus _sum / _count.
    family('tracehound_ingest_unit_seconds', 'summary', 'Time from decode to commit per insert unit.', [
      ['_sum', this.unitSecondsSum],
      ['_count', this.units],
    ])
    family(
      'tracehound_ingest_consumer_lag',
      'gauge',
      'Messages behind the high watermark, per partition.',
      [...this.lag].map(([p, v]) => [label('partition', p), v]),
    )
    return `${lines.join('\n')}\n`
  }
}
