//! One participant's side of a room, as a y-websocket client speaks to its server: the Yjs
//! sync protocol (state vector, missing updates, updates) and the awareness protocol (who is
//! here, where their pointer is, what they selected), over frames the caller carries (the live
//! worker's WebSocket; a test's channel). Pure: each call returns what to send and what the
//! page should hear.

use serde::{Deserialize, Serialize};
use stormlab_board::{Board, ItemId};
use yrs::encoding::read::Cursor;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, Transact};

use crate::{Binding, Read};

/// What a call gives back, in order.
#[derive(Debug)]
pub enum Effect {
    /// A frame to send to the room.
    Send(Vec<u8>),
    /// The board as the room now has it, offered to the page: made on the page's board of
    /// revision `after`, so the page takes it only if it is still at that revision (a page that
    /// changed meanwhile gets another offer once its change is in).
    Board { board: Box<Board>, after: u64 },
    /// In step with the room (the first sync is done).
    Joined,
    /// Who is here changed.
    People,
    /// Something the participant should hear about.
    Problem(String),
}

/// Someone in the room.
#[derive(Clone, Debug, PartialEq)]
pub struct Presence {
    /// Their Yjs client id.
    pub client: u64,
    /// Their name.
    pub name: String,
    /// Their colour.
    pub colour: String,
    /// Whether it is this side.
    pub me: bool,
    /// Their pointer (board units).
    pub pointer: Option<(f64, f64)>,
    /// Their selection, as this side's items.
    pub selection: Vec<ItemId>,
    /// What they ask the others to follow, when they lead (the page's own form).
    pub lead: Option<serde_json::Value>,
    /// What they are dragging (this side's items) and how far so far.
    pub moving: Option<(Vec<ItemId>, f64, f64)>,
}

/// An awareness state as y-websocket applications write it (`user.name`, `user.color`), with
/// Stormlab's pointer and selection (document keys).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct State {
    #[serde(default)]
    user: User,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pointer: Option<(f64, f64)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    selection: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moving: Option<MovingState>,
}

/// Items someone drags (document keys) and the offset so far.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct MovingState {
    items: Vec<String>,
    dx: f64,
    dy: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct User {
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: String,
}

/// A participant's side of a room.
///
/// The page and this side run apart (the page in the tab, this side in the live worker), so
/// each board crossing between them may be overtaken. The page numbers its boards (its
/// revision); this side remembers the page's last board, writes into the document only what
/// the page changed since it, and offers the document's board back made on a revision, which
/// the page takes only if it is still at it. A change that crossed an offer is neither lost nor
/// undone: it goes in, and the page gets a new offer that has both.
pub struct Session {
    binding: Binding,
    awareness: Awareness,
    /// The board this side brings to an empty room (starting a session), until the first sync.
    seed: Option<Board>,
    /// The page's board as of its last message (`None` before the page shows the room's board,
    /// for a visitor whose page still shows their own).
    page: Option<Board>,
    /// The revision of that board.
    revision: u64,
    /// The boards offered to the page since its last message: the page takes one or none.
    offered: Vec<Board>,
    /// The document may hold what the page's board lacks.
    behind: bool,
    joined: bool,
    /// In step with the room on this connection (its sync done since it opened).
    in_step: bool,
    /// Handling frames that came together: the board is offered once, after the last.
    batching: bool,
    /// An offer is due when the batch ends.
    offer_due: bool,
    state: State,
}

impl Session {
    /// A side for client `client`, named `name` in `colour`; `seed` fills the room if it turns
    /// out empty; the page's board is at `revision`; `clock` gives milliseconds (awareness
    /// states time out without renewal).
    pub fn new(
        client: u64,
        name: &str,
        colour: &str,
        seed: Option<Board>,
        revision: u64,
        clock: fn() -> u64,
    ) -> Session {
        let binding = Binding::new(client);
        let awareness = Awareness::with_clock(binding.doc().clone(), clock);
        let state = State {
            user: User {
                name: name.to_string(),
                color: colour.to_string(),
            },
            ..State::default()
        };
        Session {
            binding,
            awareness,
            page: seed.clone(),
            seed,
            revision,
            offered: Vec::new(),
            behind: false,
            joined: false,
            in_step: false,
            batching: false,
            offer_due: false,
            state,
        }
    }

    /// The connection is open: ask for what the room has, say who is here.
    pub fn opened(&mut self) -> Vec<Effect> {
        // A connection opened again (after a drop) syncs again: what this side changed
        // meanwhile goes in its answer to the room's state vector.
        self.in_step = false;
        let sv = self.binding.doc().transact().state_vector();
        let mut out = vec![Effect::Send(
            Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1(),
        )];
        out.extend(self.announce());
        out
    }

    fn announce(&mut self) -> Vec<Effect> {
        let json = serde_json::to_string(&self.state).unwrap_or_default();
        self.awareness.set_local_state_raw(json);
        let me = self.awareness.client_id();
        match self.awareness.update_with_clients([me]) {
            Ok(update) => vec![
                Effect::Send(Message::Awareness(update).encode_v1()),
                Effect::People,
            ],
            Err(e) => vec![Effect::Problem(e.to_string())],
        }
    }

    /// A frame from the room.
    pub fn frame(&mut self, bytes: &[u8]) -> Vec<Effect> {
        let mut decoder = DecoderV1::new(Cursor::new(bytes));
        let messages: Result<Vec<Message>, _> = MessageReader::new(&mut decoder).collect();
        let messages = match messages {
            Ok(m) => m,
            Err(e) => {
                return vec![Effect::Problem(format!(
                    "The room sent something that is not a Yjs message: {e}"
                ))]
            }
        };
        let mut out = Vec::new();
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let missing = self.binding.doc().transact().encode_state_as_update_v1(&sv);
                    out.push(Effect::Send(
                        Message::Sync(SyncMessage::SyncStep2(missing)).encode_v1(),
                    ));
                }
                Message::Sync(SyncMessage::SyncStep2(update)) if !self.joined => {
                    // The room's state: only now is it decided whether the board is the room's
                    // or the seed (no board goes to the page before).
                    if let Err(e) = self.binding.apply(&update) {
                        out.push(Effect::Problem(format!("The room sent {e}.")));
                    }
                    self.joined = true;
                    self.in_step = true;
                    out.extend(self.first_sync());
                }
                Message::Sync(SyncMessage::Update(update)) if !self.joined => {
                    if let Err(e) = self.binding.apply(&update) {
                        out.push(Effect::Problem(format!("The room sent {e}.")));
                    }
                }
                Message::Sync(SyncMessage::SyncStep2(update)) if !self.in_step => {
                    // In step again after a reconnection.
                    self.in_step = true;
                    out.push(Effect::Joined);
                    out.extend(self.apply(&update));
                }
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    out.extend(self.apply(&update))
                }
                Message::Awareness(update) => match self.awareness.apply_update(update) {
                    Ok(()) => out.push(Effect::People),
                    Err(e) => out.push(Effect::Problem(format!("A bad presence update: {e}"))),
                },
                Message::AwarenessQuery => {
                    if let Ok(update) = self.awareness.update() {
                        out.push(Effect::Send(Message::Awareness(update).encode_v1()));
                    }
                }
                Message::Auth(Some(reason)) => {
                    out.push(Effect::Problem(format!("The room refused: {reason}")))
                }
                Message::Auth(None) | Message::Custom(..) => {}
            }
        }
        out
    }

    /// Frames that arrived together, each handled as [`Session::frame`] handles it, but the
    /// board is read and offered to the page once, after the last: reading a large board
    /// for every frame is what a busy room costs (with 1,000 stickies, milliseconds a frame).
    pub fn frames<'a>(&mut self, frames: impl IntoIterator<Item = &'a [u8]>) -> Vec<Effect> {
        self.batching = true;
        let mut out = Vec::new();
        for frame in frames {
            out.extend(self.frame(frame));
        }
        self.batching = false;
        if std::mem::take(&mut self.offer_due) {
            out.extend(self.offer());
        }
        out
    }

    fn apply(&mut self, update: &[u8]) -> Vec<Effect> {
        match self.binding.apply(update) {
            Ok(()) => {
                self.behind = true;
                if self.batching {
                    self.offer_due = true;
                    return Vec::new();
                }
                self.offer()
            }
            Err(e) => vec![Effect::Problem(format!("The room sent {e}."))],
        }
    }

    /// Offers the document's board to the page, unless the page has it already (and has no
    /// other offer on its way, which it could take: then the page's own board is offered after
    /// it, so that whichever it takes, the last offer is the document's board).
    fn offer(&mut self) -> Vec<Effect> {
        match self.binding.read() {
            Read::Board(board) if self.page.as_ref() == Some(&board) && self.offered.is_empty() => {
                self.behind = false;
                Vec::new()
            }
            Read::Board(board) if self.offered.last() == Some(&board) => Vec::new(),
            Read::Board(board) => {
                self.offered.push(board.clone());
                vec![Effect::Board {
                    board: Box::new(board),
                    after: self.revision,
                }]
            }
            Read::Refused(why) => vec![Effect::Problem(format!(
                "The room's board cannot be shown as it is ({why}); yours stays as it was."
            ))],
        }
    }

    /// After the first sync: an empty room gets the seed board; otherwise the room's board is
    /// the board.
    fn first_sync(&mut self) -> Vec<Effect> {
        let mut out = vec![Effect::Joined];
        if let Some(seed) = self.seed.take() {
            if self.binding.is_empty() {
                if let Some(update) = self.binding.write(&Board::default(), &seed) {
                    out.push(Effect::Send(
                        Message::Sync(SyncMessage::Update(update)).encode_v1(),
                    ));
                }
                return out;
            }
        }
        self.behind = true;
        out.extend(self.offer());
        out
    }

    /// The page's board at `revision`: a change made there, or an offer it took.
    pub fn local(&mut self, board: &Board, revision: u64) -> Vec<Effect> {
        self.revision = revision;
        if !self.joined {
            // Before the first sync the room's board is not known yet: a change now would be
            // measured against nothing. The seed (if any) is what this side brings.
            if self.seed.is_some() {
                self.seed = Some(board.clone());
                self.page = Some(board.clone());
            }
            return Vec::new();
        }
        let mut out = Vec::new();
        let took_latest = self.offered.last() == Some(board);
        if !self.offered.contains(board) {
            // A change made on the page's last board (a board of a visitor's own, before the
            // room's arrived, is not the room's to get).
            if let Some(before) = &self.page {
                if let Some(update) = self.binding.write(before, board) {
                    out.push(Effect::Send(
                        Message::Sync(SyncMessage::Update(update)).encode_v1(),
                    ));
                }
            }
        }
        self.offered.clear();
        self.page = Some(board.clone());
        if took_latest {
            self.behind = false;
        }
        if self.behind {
            out.extend(self.offer());
        }
        out
    }

    /// Undo (`back`) or redo this side's last change.
    pub fn undo(&mut self, back: bool) -> Vec<Effect> {
        let step = if back {
            self.binding.undo()
        } else {
            self.binding.redo()
        };
        let Some(update) = step else {
            return Vec::new();
        };
        let mut out = vec![Effect::Send(
            Message::Sync(SyncMessage::Update(update)).encode_v1(),
        )];
        self.behind = true;
        out.extend(self.offer());
        out
    }

    /// My colour changes (another participant had it first).
    pub fn recolour(&mut self, colour: &str) -> Vec<Effect> {
        if self.state.user.color == colour {
            return Vec::new();
        }
        self.state.user.color = colour.to_string();
        self.announce()
    }

    /// My pointer, my selection or what I am dragging (and how far) changed.
    pub fn presence(
        &mut self,
        pointer: Option<(f64, f64)>,
        selection: &[ItemId],
        moving: Option<(Vec<ItemId>, f64, f64)>,
    ) -> Vec<Effect> {
        let keys = |items: &[ItemId]| -> Vec<String> {
            items
                .iter()
                .filter_map(|i| self.binding.key_of(*i))
                .collect()
        };
        self.state.pointer = pointer;
        self.state.selection = keys(selection);
        self.state.moving = moving.map(|(items, dx, dy)| MovingState {
            items: keys(&items),
            dx,
            dy,
        });
        self.announce()
    }

    /// I lead (what the others should follow: my view, the presentation's step, the run's
    /// position), or stop leading.
    pub fn lead(&mut self, lead: Option<serde_json::Value>) -> Vec<Effect> {
        if self.state.lead == lead {
            return Vec::new();
        }
        self.state.lead = lead;
        self.announce()
    }

    /// Leaving: my presence is cleared for the others.
    pub fn leave(&mut self) -> Vec<Effect> {
        let me = self.awareness.client_id();
        self.awareness.clean_local_state();
        match self.awareness.update_with_clients([me]) {
            Ok(update) => vec![Effect::Send(Message::Awareness(update).encode_v1())],
            Err(_) => Vec::new(),
        }
    }

    /// Who is here, me first, then by name.
    pub fn people(&self) -> Vec<Presence> {
        let me = self.awareness.client_id();
        let mut people: Vec<Presence> = self
            .awareness
            .iter()
            .filter_map(|(client, state)| {
                let data = state.data.as_ref()?;
                let s: State = serde_json::from_str(data).ok()?;
                Some(Presence {
                    client: client.get(),
                    name: s.user.name,
                    colour: s.user.color,
                    me: client == me,
                    pointer: s.pointer,
                    lead: s.lead,
                    moving: s.moving.map(|m| {
                        let items = m
                            .items
                            .iter()
                            .filter_map(|k| self.binding.item_of(k))
                            .collect();
                        (items, m.dx, m.dy)
                    }),
                    selection: s
                        .selection
                        .iter()
                        .filter_map(|k| self.binding.item_of(k))
                        .collect(),
                })
            })
            .collect();
        people.sort_by(|a, b| {
            b.me.cmp(&a.me)
                .then(a.name.cmp(&b.name))
                .then(a.client.cmp(&b.client))
        });
        people
    }
}
