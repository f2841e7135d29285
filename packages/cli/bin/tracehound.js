#!/usr/bin/env node
// Runs on the project's Node 24 (node_modules/.bin/node comes first on PATH in
// npm scripts), which executes the TypeScript sources directly.
import '../src/main.ts'
