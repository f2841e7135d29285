// The gateway's own numbers as Prometheus text.
export class GatewayMetrics {
  readonly requests = new Map<string, number>()
  spans = 0
  logRecords = 0
  bytes = 0
  /** Records older than the store keeps, not stored (and reported to the client). */
  rejectedOutsideRetention = 0

  countRequest(path: string, status: number): void {
    const key = `${path} ${status}`
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
  }

  render(inFlightBytes: number): string {
    const lines = [
      '# HELP tracehound_gateway_requests_total OTLP/HTTP requests by path and status.',
      '# TYPE tracehound_gateway_requests_total counter',
      ...[...this.requests].map(([key, n]) => {
        const [path, status] = key.split(' ')
        return `tracehound_gateway_requests_total{path="${path}",status="${status}"} ${n}`
      }),
      '# HELP tracehound_gateway_spans_total Spans accepted and acknowledged by Kafka.',
      '# TYPE tracehound_gateway_spans_total counter',
      `tracehound_gateway_spans_total ${this.spans}`,
      '# HELP tracehound_gateway_log_records_total Log records accepted and acknowledged by Kafka.',
      '# TYPE tracehound_gateway_log_records_total counter',
      `tracehound_gateway_log_records_total ${this.logRecords}`,
      '# HELP tracehound_gateway_rejected_outside_retention_total Records older than the store keeps: not stored, reported to the client as partial_success.',
      '# TYPE tracehound_gateway_rejected_outside_retention_total counter',
      `tracehound_gateway_rejected_outside_retention_total ${this.rejectedOutsideRetention}`,
      '# HELP tracehound_gateway_in_flight_bytes Bytes sent to Kafka and not yet acknowledged.',
      '# TYPE tracehound_gateway_in_flight_bytes gauge',
      `tracehound_gateway_in_flight_bytes ${inFlightBytes}`,
    ]
    return `${lines.join('\n')}\n`
  }
}
