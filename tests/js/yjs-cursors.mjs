// Remote participants pointing at a live board: N plain Yjs clients (yjs with the y-websocket
// provider) join a room and move their pointers in circles over the board, 30 times a second,
// as Stormlab's pages tell theirs (awareness: user.name, user.color, pointer in board units).
// For the browser benchmark of frame time under many cursors.
//
//   node yjs-cursors.mjs ws://HOST:PORT ROOM N SECONDS
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [server, room, count, seconds] = process.argv.slice(2)
const n = Number(count ?? 20)
const colours = ['#d1242f', '#0969da', '#1a7f37', '#8250df', '#bc4c00', '#bf3989']
const clients = Array.from({ length: n }, (_, i) => {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
  provider.awareness.setLocalStateField('user', { name: `Pointer ${i + 1}`, color: colours[i % colours.length] })
  return provider
})
const start = Date.now()
const timer = setInterval(() => {
  const t = (Date.now() - start) / 1000
  clients.forEach((provider, i) => {
    const angle = t * 2 + (i * 2 * Math.PI) / n
    provider.awareness.setLocalStateField('pointer', [800 + 500 * Math.cos(angle), 300 + 250 * Math.sin(angle)])
  })
}, 33)
setTimeout(() => {
  clearInterval(timer)
  clients.forEach(p => p.destroy())
  process.exit(0)
}, Number(seconds ?? 10) * 1000)
