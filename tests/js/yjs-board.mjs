// Yjs itself (the JavaScript library every Yjs application uses) reading and editing a board's
// document as Stormlab writes it (see live/src/schema.rs), as any Yjs client could.
//
//   node yjs-board.mjs read FILE        prints the board's title, sticky labels and link count
//   node yjs-board.mjs edit IN OUT      applies IN, adds an event sticky "FromYjs", types "New "
//                                       before the first label, and writes the document to OUT
//   node yjs-board.mjs join ws://HOST:PORT ROOM
//                                       joins a live room with the y-websocket provider, as
//                                       any Yjs application does, and makes the same edit there
import * as Y from 'yjs'
import fs from 'fs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [mode, input, output] = process.argv.slice(2)
const doc = new Y.Doc()
const stickies = doc.getMap('stickies')

function edit () {
  doc.transact(() => {
    const first = [...stickies.keys()].sort()[0]
    stickies.get(first).get('label').insert(0, 'New ')
    const s = new Y.Map()
    s.set('kind', 'event')
    s.set('label', new Y.Text('FromYjs'))
    s.set('notes', new Y.Text(''))
    s.set('pos', [10, 2000])
    stickies.set(`js-${doc.clientID}`, s)
  })
}

if (mode === 'join') {
  const fail = why => { console.error(`yjs-board join: ${why}`); process.exit(1) }
  setTimeout(() => fail('timed out (20 s)'), 20000)
  const provider = new WebsocketProvider(input, output, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
  provider.awareness.setLocalStateField('user', { name: 'Yjs script', color: '#8250df' })
  provider.once('sync', async () => {
    if (stickies.size === 0) fail('the room has no board')
    edit()
    // The room has it when a second client sees it.
    const check = new Y.Doc()
    const other = new WebsocketProvider(input, output, check, { WebSocketPolyfill: WebSocket, disableBc: true })
    for (let i = 0; i < 400; i++) {
      if ([...check.getMap('stickies').values()].some(s => s.get('label')?.toString() === 'FromYjs')) {
        provider.destroy()
        other.destroy()
        process.exit(0)
      }
      await new Promise(resolve => setTimeout(resolve, 25))
    }
    fail('the room never had the edit')
  })
} else {
Y.applyUpdate(doc, fs.readFileSync(input))
if (mode === 'read') {
  const labels = [...stickies.values()].map(s => s.get('label').toString()).sort()
  const title = doc.getMap('board').get('title').toString()
  console.log(JSON.stringify({ title, labels, links: doc.getMap('links').size }))
} else if (mode === 'edit') {
  edit()
  fs.writeFileSync(output, Y.encodeStateAsUpdate(doc))
} else {
  console.error('usage: node yjs-board.mjs read FILE | edit IN OUT | join ws://HOST:PORT ROOM')
  process.exit(2)
}
}
