// What the benchmark needs from the package, in one place.
export { ChdbStore, migrate, ServerStore, type Store } from '../src/index.ts'
export { encodeJsonEachRow } from '../src/json-each-row.ts'
export { quoteString } from '../src/sql-literal.ts'
import { TABLES } from '../src/schema/all-definitions.ts'

/** Every table the schema creates, to empty between benchmark paths. */
export const TABLES_FOR_BENCH: readonly string[] = TABLES.map((t) => t.name)
