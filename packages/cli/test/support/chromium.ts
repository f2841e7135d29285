// Where the test browser is: headless Chromium from Debian's packages (a
// prerequisite like Java for the test broker; .ci/run installs it when
// missing). TRACEHOUND_CHROMIUM points elsewhere. No browser is downloaded.
import { existsSync } from 'node:fs'

const CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]

export function chromiumPath(): string {
  const configured = process.env['TRACEHOUND_CHROMIUM']
  if (configured) {
    if (!existsSync(configured)) throw new Error(`TRACEHOUND_CHROMIUM=${configured}: no such file`)
    return configured
  }
  const found = CANDIDATES.find((path) => existsSync(path))
  if (!found)
    throw new Error(
      `the console's browser test needs headless Chromium: install it with \`apt-get install chromium-headless-shell\` (Debian/Ubuntu) or set TRACEHOUND_CHROMIUM to a Chromium binary; looked in ${CANDIDATES.join(', ')}`,
    )
  return found
}
