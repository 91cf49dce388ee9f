// Plain Yjs clients (yjs with the y-websocket provider, as any Yjs application uses them) in a
// room of a y-websocket server: ours (`stormlab relay`) or the reference one from npm. Exits 0
// when every check holds, 1 with the broken check's words otherwise.
//
//   node yjs-room.mjs check ws://HOST:PORT   two clients edit one room at once (a map, a text
//                                            both type into, a deletion); both end on the same
//                                            document; awareness (who is here) comes and goes
//   node yjs-room.mjs write ws://HOST:PORT ROOM   writes a known document into ROOM and leaves
//   node yjs-room.mjs read ws://HOST:PORT ROOM    a fresh client finds that document in ROOM
//   node yjs-room.mjs view ws://HOST:PORT ROOM VIEW-NAME   a viewer on ROOM's view-only name
//                                            watches; its edit is refused and lost
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [mode, server, roomArg] = process.argv.slice(2)
const deadline = setTimeout(() => fail('timed out (20 s)'), 20000)

function fail (why) {
  console.error(`yjs-room ${mode} ${server}: ${why}`)
  process.exit(1)
}

function client (room) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server, room, doc, {
    WebSocketPolyfill: WebSocket,
    disableBc: true
  })
  return { doc, provider }
}

const synced = ({ provider }) => new Promise(resolve => {
  if (provider.synced) resolve()
  else provider.once('sync', ok => ok && resolve())
})

async function until (what, test) {
  for (let i = 0; i < 400; i++) {
    if (test()) return
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  fail(`never: ${what}`)
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

async function check () {
  const room = `check-${process.pid}-${Date.now()}`
  const a = client(room)
  const b = client(room)
  await Promise.all([synced(a), synced(b)])
  // Concurrent edits: each adds its own entry, both type into one text, one deletes an entry
  // the other edits.
  const [sa, sb] = [a.doc.getMap('stickies'), b.doc.getMap('stickies')]
  a.doc.transact(() => {
    sa.set('one', 'from a')
    const t = new Y.Text()
    t.insert(0, 'Order placed')
    sa.set('label', t)
  })
  await until('b sees a\'s text', () => sb.get('label')?.toString() === 'Order placed')
  a.doc.transact(() => {
    sa.get('label').insert(0, 'New ')
    sa.delete('one')
  })
  b.doc.transact(() => {
    sb.get('label').insert(sb.get('label').length, '!')
    sb.set('two', 'from b')
  })
  await until('both documents converge', () => same(a.doc.toJSON(), b.doc.toJSON()) &&
    sa.get('label').toString() === 'New Order placed!' && sa.get('two') === 'from b' && !sa.has('one'))
  // Awareness: b sees a's name, and sees a go when a leaves.
  a.provider.awareness.setLocalStateField('user', { name: 'Ada', colour: '#d33' })
  const aId = a.doc.clientID
  await until('b sees Ada', () => b.provider.awareness.getStates().get(aId)?.user?.name === 'Ada')
  a.provider.destroy()
  await until('b sees Ada leave', () => !b.provider.awareness.getStates().has(aId))
  b.provider.destroy()
}

function known (doc) {
  doc.transact(() => {
    const m = doc.getMap('board')
    m.set('title', 'Kept across a restart')
    const t = new Y.Text()
    t.insert(0, 'Payment failed')
    m.set('label', t)
    doc.getArray('log').push([1, 2, 3])
  })
}

async function write (room) {
  const c = client(room)
  await synced(c)
  known(c.doc)
  // Wait until the server has it: a second client sees it.
  const d = client(room)
  await synced(d)
  await until('the server has the document', () => d.doc.getMap('board').get('title') === 'Kept across a restart')
  c.provider.destroy()
  d.provider.destroy()
}

async function read (room) {
  const c = client(room)
  await synced(c)
  const expected = new Y.Doc()
  known(expected)
  await until('the document as written', () =>
    c.doc.getMap('board').get('title') === 'Kept across a restart' &&
    c.doc.getMap('board').get('label')?.toString() === 'Payment failed' &&
    same(c.doc.getArray('log').toJSON(), [1, 2, 3]))
  c.provider.destroy()
}

// A view-only link: the viewer sees the room and what the editor does; its own edit is
// refused (the relay closes its connection) and reaches neither the editor nor the room.
async function view (room, viewName) {
  const editor = client(room)
  await synced(editor)
  known(editor.doc)
  const viewer = client(viewName)
  let closed = 0
  viewer.provider.on('connection-close', () => { closed++ })
  await until('the viewer sees the room', () =>
    viewer.doc.getMap('board').get('title') === 'Kept across a restart')
  editor.doc.getMap('board').set('step', 'two')
  await until('the viewer sees the editor\'s change', () => viewer.doc.getMap('board').get('step') === 'two')
  viewer.doc.getMap('board').set('title', 'Hijacked')
  await until('the relay closes the viewer\'s connection', () => closed > 0)
  await new Promise(resolve => setTimeout(resolve, 500))
  if (editor.doc.getMap('board').get('title') !== 'Kept across a restart') fail('the viewer\'s edit reached the editor')
  const fresh = client(room)
  await synced(fresh)
  await until('a fresh client sees the room', () => fresh.doc.getMap('board').get('step') === 'two')
  if (fresh.doc.getMap('board').get('title') !== 'Kept across a restart') fail('the viewer\'s edit reached the room')
  for (const c of [editor, viewer, fresh]) c.provider.destroy()
}

const modes = {
  check: () => check(),
  write: () => write(roomArg),
  read: () => read(roomArg),
  view: () => view(roomArg, process.argv[5])
}
if (!modes[mode] || !server) fail('usage: node yjs-room.mjs check|write|read|view ws://HOST:PORT [ROOM [VIEW-NAME]]')
modes[mode]().then(() => {
  clearTimeout(deadline)
  process.exit(0)
}, e => fail(e.stack || String(e)))
