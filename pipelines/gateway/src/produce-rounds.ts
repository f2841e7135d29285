// Group commit for producing: while one produce is in flight, the requests
// that arrive wait, and the next produce carries all of them. kafkajs's
// idempotent producer sends one request at a time per broker (a lock keeps
// its sequence numbers in order), so producing each OTLP request on its own
// made the broker's round trip the gateway's limit: 8 clients got one
// 512-span request through per round trip while the CPU idled. Every request
// still resolves only once the broker acknowledged its messages.
//
// A round holds whole requests, in arrival order, up to one message's worth
// of bytes (a larger request goes alone; the send splits it). If a round of
// several requests is refused for good (MESSAGE_TOO_LARGE…), each is sent
// again on its own, so only the request at fault is told it was refused.

export interface Outgoing {
  readonly topic: string
  readonly key: string | null
  readonly value: Buffer
  readonly partition?: number
}

/** Produces the messages (splitting them as the broker's limits need); resolves once acknowledged. */
export type ProduceMessages = (messages: readonly Outgoing[]) => Promise<void>

/** A record's own framing in a batch (length, attributes, deltas, key length, headers) — an upper bound. */
export const RECORD_OVERHEAD = 32

export const recordBytes = (m: Outgoing): number => m.value.length + (m.key?.length ?? 0) + RECORD_OVERHEAD

interface Waiting {
  readonly messages: readonly Outgoing[]
  readonly bytes: number
  readonly settle: (error?: unknown) => void
}

export class ProduceRounds {
  readonly #produce: ProduceMessages
  readonly #roundBytes: number
  readonly #waiting: Waiting[] = []
  #running = false
  /** Produce calls made, and requests they carried (for tests and metrics). */
  rounds = 0
  requests = 0

  constructor(produce: ProduceMessages, roundBytes: number) {
    this.#produce = produce
    this.#roundBytes = roundBytes
  }

  /** Resolves once the broker acknowledged these messages; rejects with the error of the produce that carried them. */
  produce(messages: readonly Outgoing[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const bytes = messages.reduce((n, m) => n + recordBytes(m), 0)
      this.#waiting.push({ messages, bytes, settle: (error) => (error === undefined ? resolve() : reject(error)) })
      if (!this.#running) void this.#run()
    })
  }

  async #run(): Promise<void> {
    this.#running = true
    try {
      while (this.#waiting.length > 0) await this.#send(this.#nextRound())
    } finally {
      this.#running = false
    }
  }

  /** Whole requests from the front, up to a message's worth of bytes (at least one). */
  #nextRound(): Waiting[] {
    let bytes = this.#waiting[0]!.bytes
    let count = 1
    while (count < this.#waiting.length && bytes + this.#waiting[count]!.bytes <= this.#roundBytes)
      bytes += this.#waiting[count++]!.bytes
    return this.#waiting.splice(0, count)
  }

  async #send(round: Waiting[]): Promise<void> {
    this.rounds++
    this.requests += round.length
    try {
      await this.#produce(round.flatMap((w) => w.messages))
      for (const w of round) w.settle()
    } catch (error) {
      if (round.length === 1 || (error as { retriable?: unknown }).retriable !== false) {
        for (const w of round) w.settle(error)
        return
      }
      // Refused for good: find whose data it was, one request at a time.
      for (const w of round) {
        try {
          await this.#produce(w.messages)
          w.settle()
        } catch (own) {
          w.settle(own)
        }
      }
    }
  }
}
