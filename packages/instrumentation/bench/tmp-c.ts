import { compilePatternTriggers } from '../src/redaction/pattern-triggers.ts'
import { BUILT_IN_PATTERNS } from '../src/redaction/value-patterns.ts'
import { createRedactor } from '../src/redaction/redactor.ts'
const c = compilePatternTriggers(BUILT_IN_PATTERNS)
const r = createRedactor()
function t(name: string, fn: () => unknown) { for (let i = 0; i < 1e5; i++) fn(); const t0 = process.hrtime.bigint(); const N = 1e7; for (let i = 0; i < N; i++) fn(); console.log(name, (Number(process.hrtime.bigint() - t0) / N).toFixed(1), 'ns') }
const strs = ['application/json', 'user-42', '/orders/:id']
let k = 0
t('candidates', () => c(strs[k++ % 3]!))
t('string', () => r.string(strs[k++ % 3]!))
t('noop', () => strs[k++ % 3]!.length)
