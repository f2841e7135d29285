// A request's context without copies. The API's own Context copies its whole
// Map on every setValue, and a request sets three values before its handler
// runs (correlation id, span, RPC metadata): three Maps and their iterators,
// measured at ~0.5 KB of the ~4 KB an instrumented request allocates over a
// bare one. Here each value is one small node pointing at its parent; a lookup
// walks the chain, which stays short because each node is one nesting level.
// A chain that grows past MAX_DEPTH anyway (a loop setting values on one
// context) is flattened into a Map, so lookups stay bounded.
import type { Context } from '@opentelemetry/api'

const MAX_DEPTH = 32
/** Marks a key deleted below this node (deleteValue must shadow the parent's value). */
const DELETED = Symbol('tracehound.context.deleted')

class LinkedContext implements Context {
  readonly #parent: LinkedContext | undefined
  readonly #key: symbol | undefined
  readonly #value: unknown
  /** Only on a flattened node: every value of its chain (deleted keys left out). */
  readonly #flat: ReadonlyMap<symbol, unknown> | undefined
  readonly #depth: number

  constructor(
    parent: LinkedContext | undefined,
    key: symbol | undefined,
    value: unknown,
    flat?: ReadonlyMap<symbol, unknown>,
  ) {
    this.#parent = parent
    this.#key = key
    this.#value = value
    this.#flat = flat
    this.#depth = parent === undefined ? 0 : parent.#depth + 1
  }

  getValue(key: symbol): unknown {
    for (let node: LinkedContext | undefined = this; node !== undefined; node = node.#parent) {
      if (node.#key === key) return node.#value === DELETED ? undefined : node.#value
      if (node.#flat !== undefined) return node.#flat.get(key)
    }
    return undefined
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#depth >= MAX_DEPTH ? this.#flattened(key, value) : new LinkedContext(this, key, value)
  }

  deleteValue(key: symbol): Context {
    return this.setValue(key, DELETED)
  }

  /** One node holding every value of this chain, plus `key`. */
  #flattened(key: symbol, value: unknown): LinkedContext {
    const nodes: LinkedContext[] = []
    let base: ReadonlyMap<symbol, unknown> | undefined
    for (let node: LinkedContext | undefined = this; node !== undefined; node = node.#parent) {
      if (node.#flat !== undefined) {
        base = node.#flat
        break
      }
      nodes.push(node)
    }
    const flat = new Map(base)
    // Oldest first, so a nearer node's value wins.
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!
      if (node.#key !== undefined) flat.set(node.#key, node.#value)
    }
    flat.set(key, value)
    for (const [k, v] of flat) if (v === DELETED) flat.delete(k)
    return new LinkedContext(undefined, undefined, undefined, flat)
  }
}

/** An empty context whose setValue links instead of copying; a request's contexts start here. */
export const LINKED_ROOT_CONTEXT: Context = new LinkedContext(undefined, undefined, undefined)
