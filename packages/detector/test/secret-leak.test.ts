// secret_leak on the real engine: what a service without the
// instrumentation leaked into stored spans is found with the same families
// the redactor removes (OpenAI and GitLab keys, Slack webhooks, …), and
// look-alikes (a trace id in an attribute, "sk-learn") are not.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore, migrate } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectRange } from '../src/index.ts'
import { BASE_SECONDS, Traffic } from './support/traffic.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-secret-leak-'))
let store: ChdbStore
const LEAK = BASE_SECONDS + 45 * 60
// Assembled at run time: no literal secrets in the repository.
const leaks: Record<string, [string, string]> = {
  'llm-proxy': ['http.request.header.x-api-key', `sk-proj-${'Ab3'.repeat(20)}`],
  'ci-runner': ['vcs.repository.url', `https://oauth2:${'glpat-'}${'x1Y2'.repeat(5)}@gitlab.example.com/app.git`],
  notifier: ['webhook', `https://hooks.slack.com/services/T${'0'.repeat(8)}/B${'1'.repeat(8)}/${'Zz9'.repeat(8)}`],
  huggingface: ['hf.token', `hf_${'Qw3'.repeat(11)}`],
}

beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
  await migrate(store)
  const traffic = new Traffic(41)
  traffic.normal(BASE_SECONDS, 46, 10)
  for (const [service, [key, value]] of Object.entries(leaks))
    traffic.request({
      at: LEAK + 5,
      service,
      method: 'POST',
      route: '/run',
      path: '/run',
      status: 200,
      user: '',
      client: '10.3.0.1',
      extraAttributes: { [key]: value },
    })
  traffic.request({
    at: LEAK + 6,
    service: 'ml-batch',
    method: 'POST',
    route: '/train',
    path: '/train',
    status: 200,
    user: '',
    client: '10.3.0.2',
    extraAttributes: { 'parent.trace': 'ab'.repeat(16), 'ml.library': 'sk-learn 1.5 with sk-learn-intelex' },
  })
  for (let i = 0; i < traffic.spans.length; i += 5000)
    await store.insert('otel_traces', traffic.spans.slice(i, i + 5000), { dedupToken: `leak-${i}` })
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('secret_leak', () => {
  it('finds each family a service leaked into its spans, and not the look-alikes', async () => {
    const report = await detectRange(store, { from: LEAK, to: LEAK + 60 })
    const leaked = report.findings.filter((f) => f.kind === 'secret_leak').map((f) => f.entity.service)
    expect(leaked.sort()).toEqual(Object.keys(leaks).sort())
  })
})
