// `npm run kafka`: a real single-node Kafka broker on 127.0.0.1 until Ctrl-C.
// Point tests or `tracehound ingest --kafka` at the address it prints.
import { startKafkaBroker } from './kafka-broker.ts'

const broker = await startKafkaBroker({ log: (line) => console.error(line) })
console.log(`Kafka broker ready: ${broker.brokers}`)
console.log(`export KAFKA_BROKERS=${broker.brokers}`)
const shutdown = (): void => {
  console.error('stopping Kafka broker…')
  void broker.stop().then(() => process.exit(0))
}
process.once('SIGINT', shutdown)
process.once('SIGTERM', shutdown)
