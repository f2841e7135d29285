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
export const SERVICE_ENTRY = new URL('./service.ts', import.meta.url)
