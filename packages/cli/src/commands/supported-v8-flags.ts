// Which of some V8 flags this Node accepts. node refuses an unknown flag at
// start-up ("bad option", exit 9), and V8's internal flags come and go
// between versions, so a flag is passed to a child only after `node <flag>
// --version` ran cleanly with the same binary (~10 ms each, once per start).
import { spawnSync } from 'node:child_process'

export function supportedV8Flags(flags: readonly string[], execPath: string = process.execPath): string[] {
  return flags.filter((flag) => spawnSync(execPath, [flag, '--version'], { stdio: 'ignore' }).status === 0)
}
