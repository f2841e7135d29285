/**
 * The demo shop behind `tracehound demo`: five instrumented services
 * (service.ts), their topology, a past hour of ordinary traffic to seed
 * baselines (history.ts), and the live traffic with injected attacks
 * (traffic-driver.ts).
 */
export { SERVICES, NORMAL_CALLS, DEMO_PASSWORD, type ServiceName } from './topology.ts'
export { ordinaryHistory, type HistoryRow } from './history.ts'
export {
  ordinaryUsers,
  scrapeOrders,
  stuffCredentials,
  pivotFromNotifications,
  type InjectedAttack,
} from './traffic-driver.ts'

/** Absolute path of the service entry point, for spawning. */
// The sources in the repository, the built file when installed.
export const SERVICE_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './service.ts' : './service.js', import.meta.url)
