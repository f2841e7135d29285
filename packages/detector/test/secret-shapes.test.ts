// The detector's secret shapes against the instrumentation's redaction
// corpus, on the real engine (ClickHouse's RE2 `match`): every provider-token
// family the redactor removes is found in a stored value, and the corpus's
// look-alike ordinary values are not.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LATER_PROVIDER_TOKEN_PATTERNS, PROVIDER_TOKEN_PATTERNS } from '@tracehound/instrumentation/provider-tokens'
import { ChdbStore } from '@tracehound/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { corpus } from '../../instrumentation/test/support/redaction-corpus.ts'
import { SECRET_RE2, toRe2 } from '../src/secret-shapes.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-secret-shapes-'))
let store: ChdbStore
beforeAll(async () => {
  store = await ChdbStore.open({ dataDir })
})
afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const matches = async (values: string[]): Promise<boolean[]> => {
  const [row] = await store.query<{ hits: number[] }>(
    'SELECT arrayMap(v -> match(v, {re:String}), {values:Array(String)}) AS hits',
    { re: SECRET_RE2, values },
  )
  return (row?.hits ?? []).map((h) => Number(h) === 1)
}

describe('secret shapes for secret_leak', () => {
  it('finds every provider-token family of the redactor in the text a service logs it in', async () => {
    const families = new Set([...PROVIDER_TOKEN_PATTERNS, ...LATER_PROVIDER_TOKEN_PATTERNS].map((p) => p.name))
    for (const seed of [11, 12]) {
      // The message placement: the value with the context a family needs (an Azure key in its connection string).
      const cases = corpus(seed).filter((c) => c.secret && families.has(c.family) && c.placement === 'message')
      expect(new Set(cases.map((c) => c.family))).toEqual(families)
      const hits = await matches(cases.map((c) => c.msg))
      expect(cases.filter((_, i) => !hits[i]).map((c) => c.family)).toEqual([])
    }
  })

  it('finds a bcrypt password hash (a user row or an htpasswd line) and not a price with dollar signs', async () => {
    const hash = `$2b$12$${'R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'.slice(0, 53)}`
    expect(await matches([`bob:${hash}`, 'refund $2 of $12 then $60', '$2b$ budget'])).toEqual([true, false, false])
  })

  it('leaves the corpus’s look-alike ordinary values alone', async () => {
    for (const seed of [11, 12]) {
      const ordinary = corpus(seed)
        .filter((c) => !c.secret)
        .map((c) => c.needle)
      const hits = await matches(ordinary)
      expect(ordinary.filter((_, i) => hits[i])).toEqual([])
    }
  })

  it('says a token ends where RE2 can, and refuses a lookaround it cannot express', () => {
    expect(toRe2(/\bEAAA[A-Za-z0-9_-]{60}(?![\w-])/g)).toBe('\\bEAAA[A-Za-z0-9_-]{60}(?:[^\\w-]|$)')
    expect(() => toRe2(/(?<=key=)[a-f0-9]{32}/g)).toThrow(/lookaround/)
  })
})
