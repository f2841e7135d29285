// The linked context must answer exactly as the API's own (copying) context
// does, for any sequence of sets and deletes — including chains long enough
// to be flattened, and deletes that must shadow a flattened value.
import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { LINKED_ROOT_CONTEXT } from '../src/linked-context.ts'
import { seeded } from './support/redaction-corpus.ts'

const KEYS = Array.from({ length: 6 }, (_, i) => createContextKey(`key ${i}`))

describe('LINKED_ROOT_CONTEXT', () => {
  it('is empty, and setting a value leaves the parent as it was', () => {
    const [a, b] = KEYS
    expect(LINKED_ROOT_CONTEXT.getValue(a!)).toBeUndefined()
    const one = LINKED_ROOT_CONTEXT.setValue(a!, 1)
    const two = one.setValue(b!, 2).setValue(a!, 3)
    expect([one.getValue(a!), one.getValue(b!)]).toEqual([1, undefined])
    expect([two.getValue(a!), two.getValue(b!)]).toEqual([3, 2])
    expect(two.deleteValue(a!).getValue(a!)).toBeUndefined()
    expect(two.getValue(a!)).toBe(3)
  })

  it('answers as the API context does over 300 random sequences, some past the flattening depth', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seeded(seed)
      let linked: Context = LINKED_ROOT_CONTEXT
      let reference: Context = ROOT_CONTEXT
      const steps = 1 + Math.floor(random() * 120)
      for (let step = 0; step < steps; step++) {
        const key = KEYS[Math.floor(random() * KEYS.length)]!
        if (random() < 0.25) {
          linked = linked.deleteValue(key)
          reference = reference.deleteValue(key)
        } else {
          const value = { seed, step }
          linked = linked.setValue(key, value)
          reference = reference.setValue(key, value)
        }
        for (const k of KEYS) expect(linked.getValue(k), `seed ${seed} step ${step}`).toBe(reference.getValue(k))
      }
    }
  })
})
