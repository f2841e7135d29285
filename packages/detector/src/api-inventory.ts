// Declared API inventories: per service, the operations its OpenAPI (3.x) or
// Swagger (2.0) document declares. An endpoint in traffic that its service's
// inventory lacks is a shadow endpoint at once — no learning period needed.
// Pure: the CLI reads the files.

export class InventoryError extends Error {
  override name = 'InventoryError'
}

/** service → `METHOD /normalized/route` */
export type ApiInventory = ReadonlyMap<string, ReadonlySet<string>>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** `/orders/{id}/` and `/orders/:orderId` are the same route: parameters become `{}`. */
export function normalizeRoute(route: string): string {
  const path = route.replace(/\{[^/}]+\}|:[^/]+/g, '{}').replace(/\/+$/, '')
  return path === '' ? '/' : path
}

export const operationKey = (method: string, route: string): string =>
  `${method.toUpperCase()} ${normalizeRoute(route)}`

/** The base path routes are served under: Swagger's basePath, or the path of OpenAPI's first server URL. */
function basePath(doc: Record<string, unknown>): string {
  if (typeof doc['basePath'] === 'string') return doc['basePath']
  const servers = doc['servers']
  const url =
    Array.isArray(servers) && typeof (servers[0] as { url?: unknown })?.url === 'string'
      ? (servers[0] as { url: string }).url
      : ''
  if (url === '') return ''
  try {
    return new URL(url, 'http://placeholder').pathname
  } catch {
    return ''
  }
}

export function parseOpenApi(document: unknown, source: string): Set<string> {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new InventoryError(
      `${source}: expected an OpenAPI 3 or Swagger 2 document (a mapping with openapi/swagger and paths)`,
    )
  const doc = document as Record<string, unknown>
  if (typeof doc['openapi'] !== 'string' && doc['swagger'] !== '2.0')
    throw new InventoryError(`${source}: no "openapi: 3.x" or "swagger: '2.0'" key; is this an OpenAPI document?`)
  const paths = doc['paths']
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths))
    throw new InventoryError(`${source}: "paths" must be a mapping of routes to operations`)
  const base = basePath(doc).replace(/\/+$/, '')
  const operations = new Set<string>()
  for (const [route, item] of Object.entries(paths)) {
    if (!route.startsWith('/')) throw new InventoryError(`${source}: path ${JSON.stringify(route)} must start with "/"`)
    if (typeof item !== 'object' || item === null) continue
    for (const method of Object.keys(item))
      if (METHODS.includes(method)) operations.add(operationKey(method, `${base}${route}`))
  }
  return operations
}
