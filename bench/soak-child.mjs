/**
 * The server side of bench/soak.mjs, in its own process so that its RSS is its own: startServer
 * (timing 'instant', no quotas, retention caps) seeded with the clickstream fixture. Speaks
 * line-wise on stdout:
 *   READY <url>          once it listens
 *   SAMPLE <json>        at start and every --sample-seconds: memory, and what the stream holds
 *   STATS <json>         the same, in answer to a line `stats` on stdin
 * Usage: node bench/soak-child.mjs [--buffer-mb 1] [--max-records 20000] [--max-objects 50] [--sample-seconds 5]
 */
import { createInterface } from 'node:readline'
import { startServer } from '../dist/server/index.js'
import { arg, fixture, STREAM } from './lib.mjs'

const BUFFER_MB = arg('buffer-mb', 1)
const MAX_RECORDS = arg('max-records', 20_000)
const MAX_OBJECTS = arg('max-objects', 50)
const SAMPLE_SECONDS = arg('sample-seconds', 5)

process.on('SIGTERM', () => process.exit(0))

// The fixture's stream, with its S3 buffer size set (the fixture's own is 64 MiB: see bench/soak.mjs).
const seed = structuredClone(fixture)
seed.firehose.deliveryStreams[0].definition.ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs = BUFFER_MB

let batchesAcked = 0
let serverErrors = 0
let unexpected = 0
const server = await startServer({
  port: 0,
  timing: 'instant',
  quotas: false,
  seed,
  retention: { maxRecordsPerStream: MAX_RECORDS, maxObjectsPerStream: MAX_OBJECTS },
  onRequest: (entry) => {
    if (entry.operation === 'PutRecordBatch' && entry.status === 200) batchesAcked++
    if (entry.status >= 500) serverErrors++
  },
  onUnexpectedError: (error) => {
    unexpected++
    if (unexpected <= 3) console.error('[soak-child] unexpected error:', error)
  },
})
const seeded = server.mock.firehose.records(STREAM).length
const started = performance.now()

/** Memory, and the stream's accounting: records acked (by 200 answers), kept, dropped; objects delivered. */
function snapshot() {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  const delivered = server.mock.cloudwatch.datapoints('DeliveryToS3.Bytes', { stream: STREAM })
  const objects = delivered.reduce((n, d) => n + d.sampleCount, 0)
  const deliveredBytes = delivered.reduce((n, d) => n + d.sum, 0)
  return {
    t: (performance.now() - started) / 1000,
    rss,
    heapUsed,
    external,
    arrayBuffers,
    seeded,
    maxRecords: MAX_RECORDS,
    maxObjects: MAX_OBJECTS,
    acked: seeded + 50 * batchesAcked,
    stored: server.mock.firehose.records(STREAM).length,
    dropped: server.mock.firehose.droppedRecords(STREAM),
    objects,
    deliveredBytes,
    // Objects are cut at the buffer size, so the newest MAX_OBJECTS of them hold about this much.
    retainedObjectBytes: objects === 0 ? 0 : (deliveredBytes * Math.min(objects, MAX_OBJECTS)) / objects,
    serverErrors,
    unexpected,
  }
}

console.log(`READY ${server.url}`)
console.log(`SAMPLE ${JSON.stringify(snapshot())}`)
setInterval(() => console.log(`SAMPLE ${JSON.stringify(snapshot())}`), SAMPLE_SECONDS * 1000)
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stats') console.log(`STATS ${JSON.stringify(snapshot())}`)
})
