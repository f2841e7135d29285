import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChdbStore } from '../src/index.ts'
import { describeStoreContract } from './support/store-contract.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-store-chdb-'))
describeStoreContract(
  'embedded (chdb)',
  () => ChdbStore.open({ dataDir }),
  async () => rmSync(dataDir, { recursive: true, force: true }),
)
