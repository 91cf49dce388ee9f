//! One live room: its document and awareness (yrs), the connections in it, and what each
//! message of the Yjs sync and awareness protocols from one of them does, as a y-websocket
//! server does it: a state vector is answered with what the sender lacks, an update is applied,
//! kept on disk and passed to every connection, an awareness change is passed to every
//! connection, and the states of a connection that leaves are cleared for the others.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tokio::sync::mpsc::UnboundedSender;
use yrs::encoding::read::Cursor;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, ReadTxn, StateVector, Transact, Update};

use crate::store::{self, Log};

/// A connection's number in the relay.
pub type PeerId = u64;

/// What a connection is sent: whole protocol messages, one per WebSocket frame.
pub type Outbox = UnboundedSender<Vec<u8>>;

struct Peer {
    outbox: Outbox,
    /// False for a view-only link: it is sent the room, and its edits are refused.
    editor: bool,
    /// The awareness clients this connection speaks for (cleared when it leaves).
    clients: HashSet<ClientID>,
}

/// A room.
pub struct Room {
    awareness: Awareness,
    peers: HashMap<PeerId, Peer>,
    log: Option<Log>,
}

impl Room {
    /// A room held in memory only.
    pub fn in_memory() -> Room {
        Room {
            awareness: Awareness::new(Doc::new()),
            peers: HashMap::new(),
            log: None,
        }
    }

    /// The room `name` kept in `dir`: what the log holds is applied, then compacted into one
    /// update (so a torn last write is dropped before anything is appended after it).
    pub fn on_disk(dir: &Path, name: &str) -> Result<Room, String> {
        let (mut log, stored) = Log::open(dir, name)
            .map_err(|e| format!("cannot open the room {name:?} in {}: {e}", dir.display()))?;
        let doc = Doc::new();
        {
            let mut txn = doc.transact_mut();
            for (i, bytes) in stored.updates.iter().enumerate() {
                let update = Update::decode_v1(bytes).map_err(|e| {
                    format!(
                        "the room {name:?} on disk is damaged at update {}: {e}",
                        i + 1
                    )
                })?;
                txn.apply_update(update).map_err(|e| {
                    format!(
                        "the room {name:?} on disk is damaged at update {}: {e}",
                        i + 1
                    )
                })?;
            }
        }
        if stored.updates.len() > 1 || stored.torn_tail > 0 {
            let state = doc
                .transact()
                .encode_state_as_update_v1(&StateVector::default());
            log.compact(&state)
                .map_err(|e| format!("cannot compact the room {name:?}: {e}"))?;
        }
        Ok(Room {
            awareness: Awareness::new(doc),
            peers: HashMap::new(),
            log: Some(log),
        })
    }

    /// The room's document.
    pub fn doc(&self) -> &Doc {
        self.awareness.doc()
    }

    /// The room's whole document as one update (two moments of a room compare by it).
    pub fn snapshot(&self) -> Vec<u8> {
        self.doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// True when nobody is connected.
    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }

    /// A connection joins: it is sent the room's state vector (so it answers with what the
    /// room lacks) and everyone's awareness.
    pub fn join(&mut self, id: PeerId, outbox: Outbox, editor: bool) -> Result<(), String> {
        let sv = self.doc().transact().state_vector();
        let _ = outbox.send(Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1());
        let awareness = self.awareness.update().map_err(|e| e.to_string())?;
        if !awareness.clients.is_empty() {
            let _ = outbox.send(Message::Awareness(awareness).encode_v1());
        }
        self.peers.insert(
            id,
            Peer {
                outbox,
                editor,
                clients: HashSet::new(),
            },
        );
        Ok(())
    }

    /// Handles one WebSocket frame from `from` (one or more protocol messages). An error
    /// names what was wrong; the caller closes that connection.
    pub fn receive(&mut self, from: PeerId, frame: &[u8]) -> Result<(), String> {
        let mut decoder = DecoderV1::new(Cursor::new(frame));
        let mut reader = MessageReader::new(&mut decoder);
        let mut messages = Vec::new();
        for message in &mut reader {
            messages.push(message.map_err(|e| format!("not a Yjs protocol message: {e}"))?);
        }
        for message in messages {
            self.handle(from, message)?;
        }
        Ok(())
    }

    fn handle(&mut self, from: PeerId, message: Message) -> Result<(), String> {
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let missing = self.doc().transact().encode_state_as_update_v1(&sv);
                self.send(
                    from,
                    Message::Sync(SyncMessage::SyncStep2(missing)).encode_v1(),
                );
            }
            Message::Sync(SyncMessage::SyncStep2(bytes) | SyncMessage::Update(bytes)) => {
                if !self.peers.get(&from).is_some_and(|p| p.editor) {
                    // A viewer answers the room's state vector with what it has: nothing.
                    let update =
                        Update::decode_v1(&bytes).map_err(|e| format!("a bad update: {e}"))?;
                    if update.is_empty() {
                        return Ok(());
                    }
                    return Err("this link is view-only: the room takes no edits from it".into());
                }
                self.apply(&bytes)?;
                self.broadcast(Message::Sync(SyncMessage::Update(bytes)).encode_v1());
            }
            Message::Awareness(update) => {
                if let Some(peer) = self.peers.get_mut(&from) {
                    for (client, entry) in &update.clients {
                        if &*entry.json == "null" {
                            peer.clients.remove(client);
                        } else {
                            peer.clients.insert(*client);
                        }
                    }
                }
                self.awareness
                    .apply_update(update.clone())
                    .map_err(|e| format!("a bad awareness update: {e}"))?;
                self.broadcast(Message::Awareness(update).encode_v1());
            }
            Message::AwarenessQuery => {
                let update = self.awareness.update().map_err(|e| e.to_string())?;
                self.send(from, Message::Awareness(update).encode_v1());
            }
            // Rooms are open to whoever has the link; other messages are not ours to answer.
            Message::Auth(_) | Message::Custom(..) => {}
        }
        Ok(())
    }

    /// Applies an update to the document and appends it to the log (compacting a long log).
    fn apply(&mut self, bytes: &[u8]) -> Result<(), String> {
        let update = Update::decode_v1(bytes).map_err(|e| format!("a bad update: {e}"))?;
        self.doc()
            .transact_mut()
            .apply_update(update)
            .map_err(|e| format!("an update that does not apply: {e}"))?;
        if let Some(log) = &mut self.log {
            let kept = if log.entries() >= store::COMPACT_AFTER {
                let state = self
                    .awareness
                    .doc()
                    .transact()
                    .encode_state_as_update_v1(&StateVector::default());
                log.compact(&state)
            } else {
                log.append(bytes)
            };
            kept.map_err(|e| format!("cannot keep the room on disk: {e}"))?;
        }
        Ok(())
    }

    /// A connection leaves: the awareness states it spoke for are cleared, for everyone left.
    pub fn leave(&mut self, id: PeerId) {
        let Some(peer) = self.peers.remove(&id) else {
            return;
        };
        let gone: Vec<ClientID> = peer.clients.into_iter().collect();
        if gone.is_empty() {
            return;
        }
        for client in &gone {
            self.awareness.remove_state(*client);
        }
        if let Ok(update) = self.awareness.update_with_clients(gone) {
            self.broadcast(Message::Awareness(update).encode_v1());
        }
    }

    fn send(&self, to: PeerId, bytes: Vec<u8>) {
        if let Some(peer) = self.peers.get(&to) {
            let _ = peer.outbox.send(bytes);
        }
    }

    /// To every connection, the sender included (as the y-websocket server does: a lone
    /// client hears its own awareness renewals, which keeps its connection's watchdog quiet).
    fn broadcast(&self, bytes: Vec<u8>) {
        for peer in self.peers.values() {
            let _ = peer.outbox.send(bytes.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
    use yrs::{GetString, Text};

    fn drain(inbox: &mut UnboundedReceiver<Vec<u8>>) -> Vec<Message> {
        let mut out = Vec::new();
        while let Ok(frame) = inbox.try_recv() {
            let mut decoder = DecoderV1::new(Cursor::new(&frame));
            out.extend(MessageReader::new(&mut decoder).map(Result::unwrap));
        }
        out
    }

    #[test]
    fn a_view_only_connection_watches_and_cannot_edit() {
        let mut room = Room::in_memory();
        let (editor_out, mut editor_in) = unbounded_channel();
        let (viewer_out, mut viewer_in) = unbounded_channel();
        room.join(1, editor_out, true).unwrap();
        room.join(2, viewer_out, false).unwrap();
        drain(&mut editor_in);
        drain(&mut viewer_in);
        let edit = |doc: &Doc, words: &str| {
            let text = doc.get_or_insert_text("label");
            let mut txn = doc.transact_mut();
            text.insert(&mut txn, 0, words);
            Message::Sync(SyncMessage::Update(txn.encode_update_v1())).encode_v1()
        };
        // The editor's change reaches the viewer.
        room.receive(1, &edit(&Doc::new(), "Order placed")).unwrap();
        assert!(matches!(
            drain(&mut viewer_in)[..],
            [Message::Sync(SyncMessage::Update(_))]
        ));
        drain(&mut editor_in);
        // The viewer may answer the room's state vector with nothing, and ask for the room.
        let nothing = Doc::new()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        room.receive(
            2,
            &Message::Sync(SyncMessage::SyncStep2(nothing)).encode_v1(),
        )
        .unwrap();
        let ask = Message::Sync(SyncMessage::SyncStep1(StateVector::default())).encode_v1();
        room.receive(2, &ask).unwrap();
        assert!(matches!(
            drain(&mut viewer_in)[..],
            [Message::Sync(SyncMessage::SyncStep2(_))]
        ));
        // An edit from it is refused (its connection is then closed) and reaches nobody.
        let refusal = room.receive(2, &edit(&Doc::new(), "Hijacked")).unwrap_err();
        assert!(refusal.contains("view-only"), "{refusal}");
        assert!(drain(&mut editor_in).is_empty());
        let label = room.doc().get_or_insert_text("label");
        assert_eq!(label.get_string(&room.doc().transact()), "Order placed");
    }

    #[test]
    fn an_update_reaches_everyone_and_a_late_joiner_catches_up() {
        let mut room = Room::in_memory();
        let (a_out, mut a_in) = unbounded_channel();
        let (b_out, mut b_in) = unbounded_channel();
        room.join(1, a_out, true).unwrap();
        room.join(2, b_out, true).unwrap();
        assert!(matches!(
            drain(&mut a_in)[..],
            [Message::Sync(SyncMessage::SyncStep1(_))]
        ));
        drain(&mut b_in);
        // A client types; its update goes to both connections.
        let client = Doc::new();
        let text = client.get_or_insert_text("label");
        let update = {
            let mut txn = client.transact_mut();
            text.insert(&mut txn, 0, "Order placed");
            txn.encode_update_v1()
        };
        let frame = Message::Sync(SyncMessage::Update(update)).encode_v1();
        room.receive(1, &frame).unwrap();
        for inbox in [&mut a_in, &mut b_in] {
            assert!(matches!(
                drain(inbox)[..],
                [Message::Sync(SyncMessage::Update(_))]
            ));
        }
        // Someone joining later asks with an empty state vector and gets the whole text.
        let (c_out, mut c_in) = unbounded_channel();
        room.join(3, c_out, true).unwrap();
        let ask = Message::Sync(SyncMessage::SyncStep1(StateVector::default())).encode_v1();
        room.receive(3, &ask).unwrap();
        let late = Doc::new();
        for message in drain(&mut c_in) {
            if let Message::Sync(SyncMessage::SyncStep2(bytes)) = message {
                late.transact_mut()
                    .apply_update(Update::decode_v1(&bytes).unwrap())
                    .unwrap();
            }
        }
        let label = late.get_or_insert_text("label");
        assert_eq!(label.get_string(&late.transact()), "Order placed");
        // Garbage is refused with its reason (the connection that sent it is then closed).
        let refusal = room.receive(1, &[0, 2, 3, 0xff, 0xff, 0xff]).unwrap_err();
        assert!(
            refusal.contains("update") || refusal.contains("message"),
            "{refusal}"
        );
    }

    #[test]
    fn who_is_here_comes_and_goes_with_the_connection() {
        let mut room = Room::in_memory();
        let (a_out, _a_in) = unbounded_channel();
        let (b_out, mut b_in) = unbounded_channel();
        room.join(1, a_out, true).unwrap();
        room.join(2, b_out, true).unwrap();
        let mut ada = Awareness::new(Doc::with_client_id(77));
        ada.set_local_state_raw(r#"{"user":{"name":"Ada"}}"#);
        let frame = Message::Awareness(ada.update().unwrap()).encode_v1();
        room.receive(1, &frame).unwrap();
        let seen = drain(&mut b_in);
        assert!(
            matches!(&seen[..], [_, Message::Awareness(u)] if u.clients.contains_key(&ClientID::new(77)))
        );
        room.leave(1);
        let gone = drain(&mut b_in);
        let [Message::Awareness(update)] = &gone[..] else {
            panic!("{gone:?}")
        };
        assert_eq!(&*update.clients[&ClientID::new(77)].json, "null");
    }
}
