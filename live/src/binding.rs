//! The binding between a board and its Yjs document: a local change is written as the smallest
//! set of document edits (one transaction, one undo step), a remote update is read back into a
//! board that keeps this side's ids, and undo takes back this side's own changes only.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use stormlab_board::document::Step;
use stormlab_board::experiment::Experiment;
use stormlab_board::{
    format, Board, Context, ContextId, ItemId, Kind, Link, LinkId, Sticky, StickyId,
};
use yrs::undo::Options as UndoOptions;
use yrs::updates::decoder::Decode;
use yrs::{
    Doc, Map, MapRef, OffsetKind, Options, Origin, Out, ReadTxn, Transact, UndoManager, Update,
};

use crate::schema::{self, BOARD, CONTEXTS, LINKS, STICKIES};

/// The board's side of a live room.
pub struct Binding {
    doc: Doc,
    roots: [MapRef; 4],
    keys: Keys,
    /// The next id to give an item first seen in the document (above every id this side's
    /// page has used, as far as it was told).
    next_id: u32,
    origin: Origin,
    undo: UndoManager,
}

/// What a document change made of the board.
#[derive(Debug)]
pub enum Read {
    /// The board as the document now has it (this side's ids kept).
    Board(Board),
    /// The document holds something no board can be: the board stays as it was.
    Refused(String),
}

impl Binding {
    /// A binding for the client `client_id` (its keys start with it), on an empty document.
    pub fn new(client_id: u64) -> Binding {
        let doc = Doc::with_options(Options {
            client_id: yrs::ClientID::new(client_id),
            offset_kind: OffsetKind::Utf16, // as Yjs in JavaScript counts
            ..Options::default()
        });
        let roots = [STICKIES, CONTEXTS, LINKS, BOARD].map(|name| doc.get_or_insert_map(name));
        let origin = Origin::from(format!("stormlab-{client_id}").as_str());
        let mut undo = UndoManager::with_options(UndoOptions {
            capture_timeout_millis: 0,
            tracked_origins: HashSet::from([origin.clone()]),
            capture_transaction: None,
            timestamp: Arc::new(|| 0),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        for root in &roots {
            undo.expand_scope(&doc, root);
        }
        Binding {
            doc,
            roots,
            keys: Keys {
                ids: HashMap::new(),
                keys: HashMap::new(),
                client: client_id,
            },
            next_id: 1,
            origin,
            undo,
        }
    }

    /// The document.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// This side's client id.
    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// The document key of one of this side's items (for telling the room what is selected).
    pub fn key_of(&self, item: ItemId) -> Option<String> {
        self.keys.keys.get(&item).map(|k| k.to_string())
    }

    /// This side's item for a document key (someone else's selection, shown here).
    pub fn item_of(&self, key: &str) -> Option<ItemId> {
        self.keys.ids.get(key).copied()
    }

    /// True when the document holds no sticky, context or link (a room nobody has filled).
    pub fn is_empty(&self) -> bool {
        let txn = self.doc.transact();
        self.roots[..3].iter().all(|r| r.len(&txn) == 0)
    }

    /// The whole document as one update (to seed a room, or to save it).
    pub fn state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&yrs::StateVector::default())
    }

    /// Writes a local change into the document, as one undo step: what differs between
    /// `before` (the board the change was made on) and `after`; returns the update to send, or
    /// `None` when nothing differs. Only the change goes in: whatever the document gained
    /// meanwhile from others (and `before` lacks) stays.
    pub fn write(&mut self, before: &Board, after: &Board) -> Option<Vec<u8>> {
        self.next_id = self.next_id.max(after.next_id);
        if before == after {
            return None;
        }
        let update = {
            let doc = self.doc.clone();
            let mut txn = doc.transact_mut_with(self.origin.clone());
            let (keys, roots) = (&mut self.keys, &self.roots);
            write_stickies(&mut txn, &roots[0], keys, before, after);
            write_contexts(&mut txn, &roots[1], keys, before, after);
            write_links(&mut txn, &roots[2], keys, before, after);
            write_board(&mut txn, &roots[3], keys, before, after);
            txn.encode_update_v1()
        };
        // Each local change is its own undo step.
        self.undo.reset();
        Some(update)
    }

    /// Applies an update from the room and reads the board it makes.
    pub fn receive(&mut self, update: &[u8]) -> Result<Read, String> {
        self.apply(update)?;
        Ok(self.read())
    }

    /// Applies an update from the room without reading the board (before the first sync,
    /// when what the board will be is not decided yet).
    pub fn apply(&mut self, update: &[u8]) -> Result<(), String> {
        let update = Update::decode_v1(update).map_err(|e| format!("a bad update: {e}"))?;
        self.doc
            .transact_mut()
            .apply_update(update)
            .map_err(|e| format!("an update that does not apply: {e}"))
    }

    /// Takes back this side's last change (never someone else's): the update to send, or
    /// `None` when there is nothing to take back. [`Binding::read`] gives the board after it.
    pub fn undo(&mut self) -> Option<Vec<u8>> {
        self.step(true)
    }

    /// Puts back what the last undo took.
    pub fn redo(&mut self) -> Option<Vec<u8>> {
        self.step(false)
    }

    fn step(&mut self, back: bool) -> Option<Vec<u8>> {
        let before = self.doc.transact().state_vector();
        let done = if back {
            self.undo.undo_blocking()
        } else {
            self.undo.redo_blocking()
        };
        done.then(|| self.doc.transact().encode_state_as_update_v1(&before))
    }

    /// Reads the board from the document, keeping this side's ids; a board no file could
    /// hold is refused with the reason, and the last good one stays.
    pub fn read(&mut self) -> Read {
        let txn = self.doc.transact();
        let mut next = self.next_id.max(1);
        // Items new to this side are numbered from the id after the page's next one, which
        // stays free: a page that adds an item at the moment a read brings someone else's
        // (the same kind at the same place, as two people's default stickies are) then
        // never shows a board equal to the read's offer, and its addition is not taken for
        // the offer.
        let mut skipped = false;
        let mut id_for = |ids: &mut HashMap<Arc<str>, ItemId>,
                          keys: &mut HashMap<ItemId, Arc<str>>,
                          key: &str,
                          make: fn(u32) -> ItemId| {
            if let Some(id) = ids.get(key) {
                return *id;
            }
            if !std::mem::replace(&mut skipped, true) {
                next += 1;
            }
            let id = make(next);
            next += 1;
            let key: Arc<str> = Arc::from(key);
            ids.insert(key.clone(), id);
            keys.insert(id, key);
            id
        };
        let mut board = Board::default();
        // Stickies, in this side's id order (creation order here).
        let mut stickies = BTreeMap::new();
        for (key, value) in self.roots[0].iter(&txn) {
            let Out::YMap(m) = value else { continue };
            let ItemId::Sticky(id) = id_for(&mut self.keys.ids, &mut self.keys.keys, key, |n| {
                ItemId::Sticky(StickyId(n))
            }) else {
                continue;
            };
            let Some(kind) = schema::string(&m, &txn, "kind")
                .and_then(|k| Kind::ALL.into_iter().find(|c| c.slug() == k))
            else {
                continue;
            };
            let [x, y] = schema::read_numbers::<2>(m.get(&txn, "pos")).unwrap_or([0.0, 0.0]);
            let event = schema::string(&m, &txn, "event")
                .and_then(|e| serde_json::from_str(&e).ok())
                .flatten();
            stickies.insert(
                id.0,
                Sticky {
                    id,
                    kind,
                    label: schema::text(&m, &txn, "label"),
                    notes: schema::text(&m, &txn, "notes"),
                    x,
                    y,
                    context: None,
                    event,
                    settings: schema::fields(&m, &txn, "sim"),
                },
            );
        }
        board.stickies = stickies.into_values().collect();
        let mut contexts = BTreeMap::new();
        for (key, value) in self.roots[1].iter(&txn) {
            let Out::YMap(m) = value else { continue };
            let ItemId::Context(id) = id_for(&mut self.keys.ids, &mut self.keys.keys, key, |n| {
                ItemId::Context(ContextId(n))
            }) else {
                continue;
            };
            let Some([x, y, w, h]) = schema::read_numbers::<4>(m.get(&txn, "rect")) else {
                continue;
            };
            contexts.insert(
                id.0,
                Context {
                    id,
                    name: schema::text(&m, &txn, "name"),
                    x,
                    y,
                    w,
                    h,
                    service: schema::fields(&m, &txn, "sim"),
                },
            );
        }
        board.contexts = contexts.into_values().collect();
        // Links whose ends are both here, one per pair of ends (two people drawing the same
        // arrow at once get one arrow: the one with the smaller key).
        let present: HashSet<StickyId> = board.stickies.iter().map(|s| s.id).collect();
        let mut pairs: BTreeMap<(StickyId, StickyId), (String, LinkId)> = BTreeMap::new();
        for (key, value) in self.roots[2].iter(&txn) {
            let Some((from, to)) = schema::read_link(&value) else {
                continue;
            };
            let (Some(ItemId::Sticky(from)), Some(ItemId::Sticky(to))) = (
                self.keys.ids.get(from.as_str()).copied(),
                self.keys.ids.get(to.as_str()).copied(),
            ) else {
                continue;
            };
            if !present.contains(&from) || !present.contains(&to) {
                continue;
            }
            let ItemId::Link(id) = id_for(&mut self.keys.ids, &mut self.keys.keys, key, |n| {
                ItemId::Link(LinkId(n))
            }) else {
                continue;
            };
            let keep = pairs.get(&(from, to)).is_none_or(|(k, _)| key < k.as_str());
            if keep {
                pairs.insert((from, to), (key.to_string(), id));
            }
        }
        let mut links: Vec<Link> = pairs
            .into_iter()
            .map(|((from, to), (_, id))| Link { id, from, to })
            .collect();
        links.sort_by_key(|l| l.id.0);
        board.links = links;
        // The board's own entries.
        let root = &self.roots[3];
        board.title = schema::text(root, &txn, "title");
        board.example = schema::string(root, &txn, "example").filter(|e| !e.is_empty());
        board.run = schema::fields(root, &txn, "run");
        let linked: HashSet<LinkId> = board.links.iter().map(|l| l.id).collect();
        let mut stepped = HashSet::new();
        let steps: Vec<serde_json::Value> = schema::string(root, &txn, "walkthrough")
            .and_then(|w| serde_json::from_str(&w).ok())
            .unwrap_or_default();
        for step in steps {
            let (Some(key), caption) = (
                step["link"].as_str(),
                step["caption"].as_str().unwrap_or_default(),
            ) else {
                continue;
            };
            if let Some(ItemId::Link(link)) = self.keys.ids.get(key) {
                if linked.contains(link) && stepped.insert(*link) {
                    board.walkthrough.push(Step {
                        link: *link,
                        caption: caption.to_string(),
                    });
                }
            }
        }
        board.experiments = schema::string(root, &txn, "experiments")
            .map(|text| read_experiments(&text, &self.keys))
            .unwrap_or_default();
        drop(txn);
        board.next_id = next;
        self.next_id = next;
        match format::check(&mut board) {
            Ok(()) => Read::Board(board),
            Err(e) => Read::Refused(e.0),
        }
    }
}

/// This side's id for each document key, and back; new keys start with the client id.
struct Keys {
    ids: HashMap<Arc<str>, ItemId>,
    keys: HashMap<ItemId, Arc<str>>,
    client: u64,
}

impl Keys {
    fn key(&mut self, item: ItemId) -> Arc<str> {
        if let Some(key) = self.keys.get(&item) {
            return key.clone();
        }
        let n = match item {
            ItemId::Sticky(id) => id.0,
            ItemId::Context(id) => id.0,
            ItemId::Link(id) => id.0,
        };
        let key: Arc<str> = Arc::from(format!("{:x}-{n}", self.client));
        self.keys.insert(item, key.clone());
        self.ids.insert(key.clone(), item);
        key
    }

    /// A new key for an item this side's page has just made. The page may have given it an id
    /// that a read had meanwhile given to an item first seen in the document (the page had
    /// not taken that read yet): that item loses the id and gets a new one at the next read.
    fn fresh(&mut self, item: ItemId) -> Arc<str> {
        if let Some(old) = self.keys.remove(&item) {
            self.ids.remove(&old);
        }
        let n = match item {
            ItemId::Sticky(id) => id.0,
            ItemId::Context(id) => id.0,
            ItemId::Link(id) => id.0,
        };
        let mut key = format!("{:x}-{n}", self.client);
        let mut again = 1;
        while self.ids.contains_key(key.as_str()) {
            key = format!("{:x}-{n}.{again}", self.client);
            again += 1;
        }
        let key: Arc<str> = Arc::from(key);
        self.keys.insert(item, key.clone());
        self.ids.insert(key.clone(), item);
        key
    }
}

fn write_stickies(
    txn: &mut yrs::TransactionMut,
    root: &MapRef,
    keys: &mut Keys,
    before: &Board,
    board: &Board,
) {
    let old: HashMap<StickyId, &Sticky> = before.stickies.iter().map(|s| (s.id, s)).collect();
    for s in &board.stickies {
        match old.get(&s.id) {
            // Someone may have deleted it meanwhile: this side's change does not bring it back.
            Some(o) => {
                if let Some(Out::YMap(m)) = root.get(txn, &keys.key(ItemId::Sticky(s.id))) {
                    schema::update_sticky(txn, &m, Some(o), s);
                }
            }
            None => schema::insert_sticky(txn, root, &keys.fresh(ItemId::Sticky(s.id)), s),
        }
    }
    let now: HashSet<StickyId> = board.stickies.iter().map(|s| s.id).collect();
    for id in old.keys().filter(|id| !now.contains(id)) {
        let key = keys.key(ItemId::Sticky(*id));
        root.remove(txn, &key);
    }
}

fn write_contexts(
    txn: &mut yrs::TransactionMut,
    root: &MapRef,
    keys: &mut Keys,
    before: &Board,
    board: &Board,
) {
    let old: HashMap<ContextId, &Context> = before.contexts.iter().map(|c| (c.id, c)).collect();
    for c in &board.contexts {
        match old.get(&c.id) {
            Some(o) => {
                if let Some(Out::YMap(m)) = root.get(txn, &keys.key(ItemId::Context(c.id))) {
                    schema::update_context(txn, &m, o, c);
                }
            }
            None => schema::insert_context(txn, root, &keys.fresh(ItemId::Context(c.id)), c),
        }
    }
    let now: HashSet<ContextId> = board.contexts.iter().map(|c| c.id).collect();
    for id in old.keys().filter(|id| !now.contains(id)) {
        let key = keys.key(ItemId::Context(*id));
        root.remove(txn, &key);
    }
}

fn write_links(
    txn: &mut yrs::TransactionMut,
    root: &MapRef,
    keys: &mut Keys,
    before: &Board,
    board: &Board,
) {
    let old: HashSet<LinkId> = before.links.iter().map(|l| l.id).collect();
    for l in board.links.iter().filter(|l| !old.contains(&l.id)) {
        let key = keys.fresh(ItemId::Link(l.id));
        let (from, to) = (
            keys.key(ItemId::Sticky(l.from)),
            keys.key(ItemId::Sticky(l.to)),
        );
        root.insert(txn, key, schema::link_value(&from, &to));
    }
    let now: HashSet<LinkId> = board.links.iter().map(|l| l.id).collect();
    for id in old.iter().filter(|id| !now.contains(id)) {
        let key = keys.key(ItemId::Link(*id));
        root.remove(txn, &key);
    }
}

fn write_board(
    txn: &mut yrs::TransactionMut,
    root: &MapRef,
    keys: &mut Keys,
    old: &Board,
    board: &Board,
) {
    schema::set_text(txn, root, "title", &old.title, &board.title);
    if root.get(txn, "title").is_none() {
        root.insert(txn, "title", yrs::TextPrelim::new(board.title.as_str()));
    }
    if old.example != board.example || root.get(txn, "example").is_none() {
        root.insert(txn, "example", board.example.clone().unwrap_or_default());
    }
    schema::set_fields(
        txn,
        root,
        "run",
        Some(&old.run).filter(|_| !old_is_empty(old)),
        &board.run,
    );
    if old.walkthrough != board.walkthrough || root.get(txn, "walkthrough").is_none() {
        let steps: Vec<serde_json::Value> = board
            .walkthrough
            .iter()
            .map(|s| serde_json::json!({ "link": &*keys.key(ItemId::Link(s.link)), "caption": s.caption }))
            .collect();
        root.insert(
            txn,
            "walkthrough",
            serde_json::Value::Array(steps).to_string(),
        );
    }
    if old.experiments != board.experiments || root.get(txn, "experiments").is_none() {
        root.insert(txn, "experiments", write_experiments(board, keys));
    }
}

/// The experiments as the document keeps them: JSON, an outage naming its context by key.
fn write_experiments(board: &Board, keys: &mut Keys) -> String {
    let mut all = serde_json::to_value(&board.experiments).unwrap_or_default();
    for e in all.as_array_mut().into_iter().flatten() {
        for side in ["a", "b"] {
            let outage = &mut e[side]["outage"];
            if let Some(id) = outage["context"].as_u64() {
                let key = keys.key(ItemId::Context(ContextId(id as u32)));
                outage["context"] = serde_json::Value::String(key.to_string());
            }
        }
    }
    all.to_string()
}

/// The experiments from the document (an outage of a context nobody has is left out, and an
/// experiment no board could hold is skipped).
fn read_experiments(text: &str, keys: &Keys) -> Vec<Experiment> {
    let Ok(serde_json::Value::Array(all)) = serde_json::from_str(text) else {
        return Vec::new();
    };
    all.into_iter()
        .filter_map(|mut e| {
            for side in ["a", "b"] {
                let Some(v) = e.get_mut(side).and_then(|v| v.as_object_mut()) else {
                    continue;
                };
                let id = v
                    .get("outage")
                    .and_then(|o| o["context"].as_str())
                    .and_then(|k| keys.ids.get(k));
                match id {
                    Some(ItemId::Context(c)) => v["outage"]["context"] = c.0.into(),
                    _ => {
                        v.remove("outage");
                    }
                }
            }
            let e: Experiment = serde_json::from_value(e).ok()?;
            e.problem().is_none().then_some(e)
        })
        .collect()
}

/// True for a board nothing has been written from yet (its settings go in whole).
fn old_is_empty(board: &Board) -> bool {
    *board == Board::default()
}
