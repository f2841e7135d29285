// Values the test run's global setup hands to every test file (inject()).
// Listed in tsconfig.base.json `files` so every package's typecheck sees it.
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the shared test Kafka broker, comma-separated. */
    kafkaBrokers: string
  }
}
