// Stage logs as JSON lines on stderr: time, level, stage, msg and fields.
export type StageLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export function jsonLog(stage: string, stream: NodeJS.WritableStream = process.stderr): StageLog {
  return (level, msg, fields = {}) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, stage, msg, ...fields })}\n`)
  }
}
