// Resolves the Apache Kafka server jars from Maven Central with Maven, once per
// machine. The jars land in a cache folder outside the repository (Maven's own
// ~/.m2 keeps the downloads too), so a warm machine starts a broker in seconds.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The Kafka version the pom asks for; bump both together. */
export const KAFKA_VERSION = '4.4.0'

const POM = join(dirname(fileURLToPath(import.meta.url)), 'pom.xml')

export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError'
}

/** Fails with what to install when `java` (17+) or `mvn` is missing. */
export function checkPrerequisites(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (java.error || java.status !== 0) {
    throw new MissingPrerequisiteError(
      'The test Kafka broker needs Java 17 or newer, and `java` was not found on PATH. ' +
        'Install a JDK (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), ' +
        'or point KAFKA_BROKERS at an existing broker (host:port[,host:port]).',
    )
  }
  const major = /version "(\d+)/.exec(java.stderr)?.[1]
  if (major !== undefined && Number(major) < 17) {
    throw new MissingPrerequisiteError(
      `The test Kafka broker needs Java 17 or newer; \`java -version\` reports ${major}. Install a JDK 17+ or set KAFKA_BROKERS.`,
    )
  }
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' })
  if (mvn.error || mvn.status !== 0) {
    throw new MissingPrerequisiteError(
      'The test Kafka broker resolves its jars from Maven Central with Maven, and `mvn` was not found on PATH. ' +
        'Install Maven (Debian/Ubuntu: `apt-get install maven`; macOS: `brew install maven`), ' +
        'or point KAFKA_BROKERS at an existing broker.',
    )
  }
}

/** Where the resolved jars live: $TRACEHOUND_CACHE_DIR or ~/.cache/tracehound. */
export function jarCacheDir(): string {
  const base =
    process.env['TRACEHOUND_CACHE_DIR'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'tracehound')
  return join(base, `kafka-${KAFKA_VERSION}`, 'libs')
}

/**
 * Returns the folder holding every jar the broker needs, resolving it with
 * `mvn dependency:copy-dependencies` when it is not cached yet. The copy goes to
 * a temporary folder first and is renamed into place, so an interrupted
 * download never leaves a half-filled cache behind.
 */
export function resolveKafkaJars(log: (line: string) => void = () => {}): string {
  const libs = jarCacheDir()
  if (existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) return libs
  checkPrerequisites()
  log(`resolving Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs} (first run only)`)
  const staging = `${libs}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(dirname(libs), { recursive: true })
  const mvn = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  if (mvn.status !== 0 || !existsSync(join(staging, `kafka_2.13-${KAFKA_VERSION}.jar`))) {
    rmSync(staging, { recursive: true, force: true })
    throw new Error(
      `Maven could not resolve org.apache.kafka:kafka_2.13:${KAFKA_VERSION} (exit ${mvn.status}). ` +
        `Check that Maven Central is reachable and ~/.m2/settings.xml is sane.\n${(mvn.stdout + mvn.stderr).slice(-4000)}`,
    )
  }
  writeFileSync(join(staging, 'RESOLVED_BY'), `mvn -f ${POM} dependency:copy-dependencies\n`)
  try {
    renameSync(staging, libs)
  } catch (err) {
    // Another process finished the same resolution first; its copy is as good.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) throw err
  }
  log(`resolved ${readdirSync(libs).length - 1} jars`)
  return libs
}
