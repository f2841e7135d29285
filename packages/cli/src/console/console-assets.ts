// The console's static files (packages/cli/console/), served as they are:
// no build step, no framework — plain ES modules that read /api/* and build
// the page with DOM calls (textContent, never innerHTML), so span strings
// cannot become markup. The files hold no data, so they are served without
// the token; the page asks for it before it reads the API. A fixed list of
// paths: nothing else on disk is reachable.
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'

const DIRECTORY = fileURLToPath(new URL('../../console/', import.meta.url))

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
}

/** The page's own files only; scripts, styles and API calls to this origin; no framing. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const CONSOLE_FILES = [
  'index.html',
  'console.css',
  'app.js',
  'api.js',
  'dom.js',
  'format.js',
  'incidents-view.js',
  'incident-view.js',
  'graph-view.js',
  'graph-layout.js',
  'health-view.js',
  'series-chart.js',
  'waterfall.js',
] as const

interface Asset {
  body: Buffer
  type: string
}

/** Reads the files once; a missing file is an install problem, said at start rather than on the first page view. */
export function consoleAssets(): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const assets = new Map<string, Asset>()
  for (const file of CONSOLE_FILES) {
    let body: Buffer
    try {
      body = readFileSync(`${DIRECTORY}${file}`)
    } catch (err) {
      throw new Error(
        `the console's file ${file} is missing from ${DIRECTORY} (${(err as Error).message}); reinstall @tracehound/cli`,
      )
    }
    const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream'
    assets.set(file === 'index.html' ? '/' : `/console/${file}`, { body, type })
  }
  return (req, res, path) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const asset = assets.get(path)
    if (!asset) return false
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': asset.body.length,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : asset.body)
    return true
  }
}
