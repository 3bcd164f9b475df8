/**
 * One side of bench/server.mjs, in its own process so the load generator never shares its event
 * loop. Prints `READY <url>` once it listens.
 *   node bench/server-child.mjs mock   firehose-msw's startServer (the code behind `firehose-msw serve
 *                                      --quiet`): timing 'instant', no quotas, an ACTIVE stream seeded
 *   node bench/server-child.mjs bare   a bare node:http handler: reads the body, parses the JSON,
 *                                      answers a canned reply of the same type and size
 */
import { createServer } from 'node:http'
import { startServer } from '../dist/server/index.js'
import { CANNED_HEADERS, CANNED_PUT_RECORD, CANNED_PUT_RECORD_BATCH, fixture } from './lib.mjs'

const role = process.argv[2]
// Stopped by its parent: exit normally, so that `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0))

if (role === 'mock') {
  const { url } = await startServer({ port: 0, timing: 'instant', quotas: false, seed: fixture })
  console.log(`READY ${url}`)
} else if (role === 'bare') {
  const batch = Buffer.from(CANNED_PUT_RECORD_BATCH(500))
  const one = Buffer.from(CANNED_PUT_RECORD)
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      const body = Array.isArray(input.Records) ? batch : one
      res.writeHead(200, { ...CANNED_HEADERS, 'content-length': body.length })
      res.end(body)
    })
  })
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${server.address().port}`))
} else {
  console.error('usage: node bench/server-child.mjs mock|bare')
  process.exit(2)
}
