// `npm run simulate`: to a file with labels, and to a real OTLP/HTTP receiver
// on 127.0.0.1 that answers 503 once (the sender must retry, losing nothing).
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeTracesJson } from '@tracehound/otlp'
import { parseEdgePolicy } from '@tracehound/detector'

const CLI = fileURLToPath(new URL('../src/simulate-cli.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tracehound-simulate-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const simulate = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir })

const body = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

describe('simulate CLI', () => {
  it('writes OTLP/JSON lines and a labels file that also serves as the edges policy', () => {
    const run = simulate('--seed', '3', '--out', 'traffic.jsonl.gz', '--labels', 'labels.json')
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^\d+ spans in \d+ OTLP\/JSON requests → traffic\.jsonl\.gz/)
    expect(run.stdout).toContain('next: tracehound replay traffic.jsonl.gz && tracehound detect --from ')
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as {
      attacks: { name: string; start: string; kinds: string[] }[]
      evaluation: { from: string }
      edges: string[]
    }
    expect(labels.attacks).toHaveLength(9)
    for (const attack of labels.attacks) expect(run.stdout).toContain(`attack ${attack.start}  ${attack.name}`)
    expect(parseEdgePolicy(labels, 'labels.json')).toEqual(labels.edges)
    expect(readFileSync(join(dir, 'traffic.jsonl.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])) // gzip
  })

  it('refuses bad arguments with the flag, what it expects, and writes nothing', () => {
    for (const [args, message] of [
      [['--scale', 'huge'], '--scale expects small or full; got "huge"'],
      [['--seed', '-1'], '--seed expects a non-negative integer'],
      [['--start', 'yesterday'], '--start expects an ISO time'],
      [['--out', 'x.jsonl', '--otlp-endpoint', 'http://127.0.0.1:1'], '--out and --otlp-endpoint are exclusive'],
    ] as const) {
      const run = simulate(...args, '--labels', 'refused.json')
      expect(run.status).not.toBe(0)
      expect(run.stderr).toContain(message)
    }
    expect(existsSync(join(dir, 'refused.json'))).toBe(false)
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false)
  })

  it('sends to an OTLP/HTTP endpoint with headers, retrying a 503 without losing or repeating a request', async () => {
    let refusedOnce = false
    const received: string[] = []
    const auth = new Set<string | undefined>()
    const server = createServer(async (req, res) => {
      const text = await body(req)
      auth.add(req.headers['authorization'])
      if (req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/json')
        return res.writeHead(404).end()
      if (!refusedOnce) {
        refusedOnce = true
        return res.writeHead(503, { 'Retry-After': '1' }).end('{"message":"busy"}')
      }
      received.push(text)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const child = spawn(
        process.execPath,
        [CLI, '--seed', '3', '--clean', '--otlp-endpoint', endpoint, '--header', 'Authorization=Bearer t0k'],
        { cwd: dir },
      )
      let stdout = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      const [code] = (await once(child, 'exit')) as [number]
      expect(code).toBe(0)
      const [, spans, requests] = /^(\d+) spans in (\d+) OTLP\/JSON requests → (\S+)/.exec(stdout) ?? []
      expect(received).toHaveLength(Number(requests))
      expect(received.reduce((n, b) => n + decodeTracesJson(b).length, 0)).toBe(Number(spans))
      expect(new Set(received).size).toBe(received.length) // nothing sent twice
      expect(refusedOnce).toBe(true)
      expect(auth).toEqual(new Set(['Bearer t0k']))
    } finally {
      server.close()
    }
  })

  it('fails clearly when the endpoint rejects the data', async () => {
    const server = createServer((req, res) => {
      req.resume()
      res.writeHead(401).end('{"message":"bad token"}')
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const child = spawn(
        process.execPath,
        [CLI, '--clean', '--otlp-endpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}`],
        { cwd: dir },
      )
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const [code] = (await once(child, 'exit')) as [number]
      expect(code).toBe(1)
      expect(stderr).toContain('answered 401: {"message":"bad token"} — check the endpoint URL and its token')
    } finally {
      server.close()
    }
  })
})
