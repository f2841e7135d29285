// Progress for long work: a bar on a terminal, one line per step otherwise
// (CI logs, pipes), so both people and programs can follow.
import { SingleBar } from 'cli-progress'

export interface ProgressReporter {
  update(done: number, total: number, step: string): void
  stop(): void
}

export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} {step}`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
    })
    let started = false
    return {
      update(done, total, step) {
        if (!started) {
          bar.start(total, done, { step })
          started = true
        }
        bar.update(done, { step })
      },
      stop: () => bar.stop(),
    }
  }
  return {
    update(done, total, step) {
      stream.write(`${label}: [${done}/${total}] ${step}\n`)
    },
    stop() {},
  }
}
