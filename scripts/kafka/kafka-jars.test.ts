import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkPrerequisites, MissingPrerequisiteError } from './kafka-jars.ts'

const originalPath = process.env['PATH']
afterEach(() => {
  process.env['PATH'] = originalPath
})

describe('test broker prerequisites', () => {
  it('names Java and how to install it when java is missing', () => {
    process.env['PATH'] = mkdtempSync(join(tmpdir(), 'empty-path-'))
    expect(() => checkPrerequisites()).toThrow(MissingPrerequisiteError)
    expect(() => checkPrerequisites()).toThrow(/Java 17.*openjdk-17.*KAFKA_BROKERS/s)
    rmSync(process.env['PATH'], { recursive: true })
  })

  it('names Maven when java is there but mvn is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'java-only-path-'))
    const java = (originalPath ?? '')
      .split(':')
      .map((d) => join(d, 'java'))
      .find((p) => existsSync(p))
    expect(java).toBeDefined()
    symlinkSync(java ?? '', join(dir, 'java'))
    process.env['PATH'] = dir
    expect(() => checkPrerequisites()).toThrow(/`mvn` was not found.*apt-get install maven/s)
    rmSync(dir, { recursive: true })
  })

  it('passes on this machine, where the test broker runs', () => {
    expect(() => checkPrerequisites()).not.toThrow()
  })
})

describe('test broker cluster ids', async () => {
  const { clusterId } = await import('./kafka-broker.ts')
  it('never start with a dash (the storage tool would read it as an option)', () => {
    for (let i = 0; i < 5000; i++) expect(clusterId()).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/)
  })
})
