// Started by io.stickless.testing.LocalDynamoDb. dynalite's CLI treats "--port 0" as 4567,
// so listen here and let the OS pick a free loopback port, then tell the JVM which one.
'use strict'
const dynalite = require(process.env.STICKLESS_DYNALITE_MODULE)
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.on('error', (err) => {
  console.error('STICKLESS_DYNALITE_ERROR ' + err.message)
  process.exit(1)
})
server.listen(Number(process.env.STICKLESS_DYNALITE_REQUESTED_PORT || 0), '127.0.0.1', () => {
  console.log('STICKLESS_DYNALITE_PORT=' + server.address().port)
})
// The JVM holds our stdin open; when it exits (even when killed) the pipe closes and we go too,
// so no orphan node process outlives the tests.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
