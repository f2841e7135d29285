import { createLogger } from '../src/index.ts'
const ours = createLogger({ service: 'bench', destination: { write() {} } as never })
const line = () => ({ user: { id: 'user-42', email: 'jane.doe@example.com' }, password: 'hunter2', headers: { authorization: 'Bearer abcdefghijklmnop', accept: 'application/json' }, items: 3, route: '/orders/:id' })
for (let i = 0; i < 2000000; i++) ours.info(line(), 'order 42 paid by jane.doe@example.com')
