import { InvalidArgumentError } from 'commander'

/** A commander parser for whole numbers ≥ 1 that names the flag when the value is wrong. */
export function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} expects a whole number ≥ 1, got ${JSON.stringify(value)}`)
    return n
  }
}

/** A commander parser for whole numbers from 1 to `max` that names the flag when the value is wrong. */
export function integerUpTo(flag: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`${flag} expects a whole number from 1 to ${max}, got ${JSON.stringify(value)}`)
    return n
  }
}
