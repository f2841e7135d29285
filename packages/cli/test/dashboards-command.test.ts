// `tracehound dashboards`: --out reproduces the committed JSON byte for byte;
// --publish creates every dashboard through Grafana's HTTP API.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/tracehound.js', import.meta.url))
const COMMITTED = fileURLToPath(new URL('../../../dashboards/json/', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'tracehound-cli-dashboards-'))

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, GRAFANA_TOKEN: '', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

// TEST STAND-IN for Grafana's dashboard API (POST /api/dashboards/db), which
// cannot run here: checks the bearer token, keeps dashboards by uid, answers
// like Grafana ({ id, uid, url, status, version }).
interface GrafanaStandIn {
  url: string
  dashboards: Map<string, { dashboard: { uid: string; title: string }; overwrite: boolean; folderUid?: string }>
  close(): Promise<void>
}

async function startGrafanaStandIn(token: string): Promise<GrafanaStandIn> {
  const dashboards: GrafanaStandIn['dashboards'] = new Map()
  const read = async (req: IncomingMessage): Promise<string> => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    return body
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req)
      res.setHeader('content-type', 'application/json')
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401).end(JSON.stringify({ message: 'Unauthorized' }))
        return
      }
      if (req.method !== 'POST' || req.url !== '/api/dashboards/db') {
        res.writeHead(404).end(JSON.stringify({ message: 'Not found' }))
        return
      }
      const payload = JSON.parse(body) as {
        dashboard: { uid: string; title: string }
        overwrite: boolean
        folderUid?: string
      }
      dashboards.set(payload.dashboard.uid, payload)
      res.writeHead(200).end(
        JSON.stringify({
          id: dashboards.size,
          uid: payload.dashboard.uid,
          url: `/d/${payload.dashboard.uid}/x`,
          status: 'success',
          version: 1,
        }),
      )
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dashboards,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let grafana: GrafanaStandIn
beforeAll(async () => {
  grafana = await startGrafanaStandIn('glsa_test_token')
})
afterAll(async () => {
  await grafana.close()
  rmSync(root, { recursive: true, force: true })
})

describe('tracehound dashboards', () => {
  it('--out writes exactly the committed JSON', async () => {
    const out = join(root, 'out')
    const result = await run(['dashboards', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    const committed = readdirSync(COMMITTED).sort()
    expect(readdirSync(out).sort()).toEqual(committed)
    for (const file of committed)
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(COMMITTED, file), 'utf8'))
    expect(result.stdout).toContain('wrote ')
  })

  it('--publish creates every dashboard in Grafana with the token, overwriting by uid', async () => {
    const result = await run(['dashboards', '--publish', grafana.url, '--folder', 'security'], {
      GRAFANA_TOKEN: 'glsa_test_token',
    })
    expect(result.status, result.stderr).toBe(0)
    const committed = readdirSync(COMMITTED).map(
      (f) => (JSON.parse(readFileSync(join(COMMITTED, f), 'utf8')) as { uid: string }).uid,
    )
    expect([...grafana.dashboards.keys()].sort()).toEqual(committed.sort())
    for (const payload of grafana.dashboards.values())
      expect(payload).toMatchObject({ overwrite: true, folderUid: 'security' })
    expect(result.stdout).toMatch(
      /published tracehound · Service map → http:\/\/127\.0\.0\.1:\d+\/d\/tracehound-service-map\/x/,
    )
  })

  it('a wrong token is reported with what to check, and nothing else is published', async () => {
    grafana.dashboards.clear()
    const result = await run(['dashboards', '--publish', grafana.url], { GRAFANA_TOKEN: 'wrong' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Grafana answered 401')
    expect(result.stderr).toContain('GRAFANA_TOKEN')
    expect(grafana.dashboards.size).toBe(0)
  })

  it('needs a token for --publish, and something to do', async () => {
    const noToken = await run(['dashboards', '--publish', grafana.url])
    expect(noToken.status).toBe(1)
    expect(noToken.stderr).toContain('GRAFANA_TOKEN')
    const nothing = await run(['dashboards'])
    expect(nothing.status).toBe(1)
    expect(nothing.stderr).toContain('--out DIR')
  })
})
