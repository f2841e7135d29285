#!/usr/bin/env node
// The tracehound command. In this repository it runs the TypeScript sources
// directly on the project's Node 24 (node_modules/.bin/node comes first on
// PATH in npm scripts) and resolves the workspace packages to their sources
// through the `tracehound-source` export condition (docs/packaging.md).
// Plain JavaScript that any Node parses, so an old Node gets a sentence, not a stack trace.
import { existsSync } from 'node:fs'
import * as nodeModule from 'node:module'

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 15)) {
  console.error(
    `tracehound needs Node.js >= 22.15; this is ${process.version} (${process.execPath}). ` +
      "In the repository run it through npm (npm start, npx tracehound ...), which uses the project's own Node 24; elsewhere install Node 22.15 or later.",
  )
  process.exit(1)
}

// In the repository: the TypeScript sources (type stripping) and the workspace
// packages' sources. Installed from the registry: the built JavaScript only.
const source = new URL('../src/main.ts', import.meta.url)
if (existsSync(source)) {
  nodeModule.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: [...(context.conditions ?? []), 'tracehound-source'] }),
  })
  await import(source.href)
} else {
  await import(new URL('../dist/main.js', import.meta.url).href)
}
