import { InvalidArgumentError } from 'commander'

/** A commander parser for whole numbers ≥ 1 (and ≤ `max`, if given) that names the flag when the value is wrong. */
export function positiveInteger(flag: string, max = Number.POSITIVE_INFINITY): (value: string) => number {
  const expected = max === Number.POSITIVE_INFINITY ? 'a whole number ≥ 1' : `a whole number from 1 to ${max}`
  return (value) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`${flag} expects ${expected}, got ${JSON.stringify(value)}`)
    return n
  }
}
