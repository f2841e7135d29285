// Reads a request body within the size limits; gunzips within the
// decompressed limit, so a small gzip bomb cannot expand into memory.
import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'

const gunzipAsync = promisify(gunzip)

export class BodyError extends Error {
  override name = 'BodyError'
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

export async function readBody(
  req: IncomingMessage,
  maxBodyBytes: number,
  maxDecompressedBytes: number,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN)
  if (declared > maxBodyBytes)
    throw new BodyError(
      413,
      `request body of ${declared} bytes exceeds the ${maxBodyBytes}-byte limit; send smaller batches`,
    )
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes) {
      req.destroy()
      throw new BodyError(413, `request body exceeds the ${maxBodyBytes}-byte limit; send smaller batches`)
    }
    chunks.push(chunk as Buffer)
  }
  const body = Buffer.concat(chunks)
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding === 'identity' || encoding === '') return body
  if (encoding !== 'gzip') throw new BodyError(415, `Content-Encoding ${encoding} is not supported; use gzip or none`)
  try {
    return await gunzipAsync(body, { maxOutputLength: maxDecompressedBytes })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `gzip body expands past the ${maxDecompressedBytes}-byte limit; send smaller batches`)
    }
    throw new BodyError(400, `gzip body is corrupt: ${(err as Error).message}`)
  }
}
