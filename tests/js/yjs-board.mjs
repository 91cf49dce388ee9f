// Yjs itself (the JavaScript library every Yjs application uses) reading and editing a board's
// document as Stormlab writes it (see live/src/schema.rs), as any Yjs client could.
//
//   node yjs-board.mjs read FILE        prints the board's title, sticky labels and link count
//   node yjs-board.mjs edit IN OUT      applies IN, adds an event sticky "FromYjs", types "New "
//                                       before the first label, and writes the document to OUT
import * as Y from 'yjs'
import fs from 'fs'

const [mode, input, output] = process.argv.slice(2)
const doc = new Y.Doc()
Y.applyUpdate(doc, fs.readFileSync(input))
const stickies = doc.getMap('stickies')
if (mode === 'read') {
  const labels = [...stickies.values()].map(s => s.get('label').toString()).sort()
  const title = doc.getMap('board').get('title').toString()
  console.log(JSON.stringify({ title, labels, links: doc.getMap('links').size }))
} else if (mode === 'edit') {
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
  fs.writeFileSync(output, Y.encodeStateAsUpdate(doc))
} else {
  console.error('usage: node yjs-board.mjs read FILE | edit IN OUT')
  process.exit(2)
}
