// Group commit for producing: requests that arrive while a produce is in
// flight go together in the next one, each resolving only when its own
// produce was acknowledged; a refusal for good is pinned on the request whose
// data caused it. The broker is a stand-in here (timing and refusals on
// demand); the gateway's tests run the same code against the real broker.
import { describe, expect, it } from 'vitest'
import { type Outgoing, ProduceRounds } from '../src/produce-rounds.ts'

const message = (topic: string, bytes = 100): Outgoing => ({ topic, key: null, value: Buffer.alloc(bytes) })

/** Stands in for the broker: acknowledges each produce after `ms`, and refuses any holding a topic named 'bad'. */
function brokerStandIn(ms = 20) {
  const produced: string[][] = []
  return {
    produced,
    produce: async (messages: readonly Outgoing[]): Promise<void> => {
      await new Promise((r) => setTimeout(r, ms))
      if (messages.some((m) => m.topic === 'bad'))
        throw Object.assign(new Error('MESSAGE_TOO_LARGE'), { retriable: false })
      if (messages.some((m) => m.topic === 'down')) throw Object.assign(new Error('broker down'), { retriable: true })
      produced.push(messages.map((m) => m.topic))
    },
  }
}

describe('produce rounds', () => {
  it('requests arriving during a produce go together in the next one, in order', async () => {
    const broker = brokerStandIn()
    const rounds = new ProduceRounds(broker.produce, 10_000)
    const done: string[] = []
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((topic) => rounds.produce([message(topic)]).then(() => done.push(topic))),
    )
    expect(broker.produced).toEqual([['a'], ['b', 'c', 'd']])
    expect(done).toEqual(['a', 'b', 'c', 'd'])
    expect({ rounds: rounds.rounds, requests: rounds.requests }).toEqual({ rounds: 2, requests: 4 })
  })

  it('a round holds whole requests up to its byte budget; a larger request goes alone', async () => {
    const broker = brokerStandIn()
    const rounds = new ProduceRounds(broker.produce, 300)
    await Promise.all([
      rounds.produce([message('first')]),
      rounds.produce([message('x', 120), message('x', 20)]),
      rounds.produce([message('y', 60)]),
      rounds.produce([message('big', 1000)]),
      rounds.produce([message('z')]),
    ])
    expect(broker.produced).toEqual([['first'], ['x', 'x', 'y'], ['big'], ['z']])
  })

  it('a refusal for good is the faulty request’s alone; a retriable failure is everyone’s in the round', async () => {
    const broker = brokerStandIn()
    const rounds = new ProduceRounds(broker.produce, 10_000)
    const outcome = (p: Promise<void>) =>
      p.then(
        () => 'stored',
        (e: Error) => e.message,
      )
    const results = await Promise.all([
      outcome(rounds.produce([message('warm-up')])),
      outcome(rounds.produce([message('good')])),
      outcome(rounds.produce([message('bad')])),
      outcome(rounds.produce([message('also-good')])),
    ])
    expect(results).toEqual(['stored', 'stored', 'MESSAGE_TOO_LARGE', 'stored'])
    expect(broker.produced).toEqual([['warm-up'], ['good'], ['also-good']])
    const down = await Promise.all([
      outcome(rounds.produce([message('warm-up')])),
      outcome(rounds.produce([message('down')])),
      outcome(rounds.produce([message('innocent')])),
    ])
    expect(down).toEqual(['stored', 'broker down', 'broker down'])
  })
})
