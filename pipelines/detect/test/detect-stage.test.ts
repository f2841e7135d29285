// The detect stage on the real engine: it detects the windows that closed
// behind the watermark, reports how far it got in /metrics and health, and
// stops at once even in the middle of a long poll interval.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTraces } from '../../../packages/store/test/support/generate-spans.ts'
import { startDetect } from '../src/index.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-detect-stage-'))
let store: ChdbStore
const START = 1_795_600_800n * 1_000_000_000n

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const { spans } = generateTraces({ traces: 600, startNanos: START, spanNanos: 10n * 60n * 1_000_000_000n })
  await store.insert('otel_traces', spans, { dedupToken: 'detect-stage' })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}

describe('startDetect', () => {
  it('detects up to the watermark, says so in /metrics and health, and stops without waiting out the poll', async () => {
    const logs: string[] = []
    const stage = startDetect(store, {
      latenessSeconds: 0,
      from: 1_795_600_800,
      pollMs: 600_000,
      onFinding: () => {},
      log: (_level, message) => logs.push(message),
    })
    await until(() => stage.detectedUntil > 1_795_600_800)
    // The newest span is within the 10 generated minutes: detection reached its last closed minute.
    expect(stage.detectedUntil).toBeGreaterThanOrEqual(1_795_600_800 + 8 * 60)
    const metrics = stage.metrics()
    expect(metrics).toContain(`tracehound_detect_detected_until_seconds ${stage.detectedUntil}\n`)
    expect(metrics).toMatch(/^tracehound_detect_lag_seconds (\d+)$/m)
    expect(Number(/^tracehound_detect_lag_seconds (\d+)$/m.exec(metrics)![1])).toBeLessThan(120)
    expect(metrics).toContain('tracehound_detect_failed_cycles_total 0\n')
    expect(stage.health()).toMatchObject({ ok: true, detail: { detected_until: stage.detectedUntil } })
    // A 10-minute poll interval is under way: stop() wakes the loop (else this test would time out).
    await stage.stop()
    expect(stage.health().ok).toBe(false)
    expect(logs).toEqual([])
  })
})
