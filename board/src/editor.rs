//! The editor: the board, undo and redo (one entry per user intention), and the selection.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::action::{apply, Action};
use crate::document::{Board, Rect};
use crate::ids::ItemId;

/// Undo entries kept.
pub const HISTORY_LIMIT: usize = 200;

/// The board being edited, with its history and selection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Editor {
    /// The current board.
    pub board: Board,
    // Snapshots are shared, so cloning an editor does not copy its history.
    undo: Vec<Rc<Board>>,
    redo: Vec<Rc<Board>>,
    /// Selected items.
    pub selection: BTreeSet<ItemId>,
    /// Bumped on every change of the board (for cheap change detection).
    pub revision: u64,
}

impl Editor {
    /// An editor on `board` with empty history.
    pub fn new(board: Board) -> Editor {
        Editor {
            board,
            ..Editor::default()
        }
    }

    /// Applies an action. A refused action changes nothing and returns the reason; an action
    /// that leaves the board as it was adds no history entry (and keeps redo).
    pub fn apply(&mut self, action: &Action) -> Result<Option<ItemId>, String> {
        let applied = apply(&self.board, action)?;
        if applied.board == self.board {
            return Ok(applied.created);
        }
        let old = std::mem::replace(&mut self.board, applied.board);
        self.undo.push(Rc::new(old));
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision += 1;
        if matches!(action, Action::Replace(_)) {
            self.selection.clear();
        }
        self.prune_selection();
        Ok(applied.created)
    }

    /// Takes the board a live room has now (someone else's change, or one's own undone there):
    /// it replaces the board outside this editor's history (in a live session undo is the
    /// room's, which takes back one's own changes only), keeping the selection where it can.
    /// The revision moves on even for the same board: a live page tells its side of the room
    /// which offer it took (see `stormlab_live::Session`).
    pub fn replace_remote(&mut self, board: Board) {
        self.revision += 1;
        if board == self.board {
            return;
        }
        self.board = board;
        self.undo.clear();
        self.redo.clear();
        self.prune_selection();
    }

    /// Steps back one change; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let moved = travel(&mut self.board, &mut self.undo, &mut self.redo);
        self.after_travel(moved)
    }

    /// Re-applies an undone change; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let moved = travel(&mut self.board, &mut self.redo, &mut self.undo);
        self.after_travel(moved)
    }

    fn after_travel(&mut self, moved: bool) -> bool {
        if moved {
            self.revision += 1;
            self.prune_selection();
        }
        moved
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Selects `item`; with `additive`, toggles it in the current selection instead.
    pub fn select(&mut self, item: ItemId, additive: bool) {
        if additive {
            if !self.selection.remove(&item) {
                self.selection.insert(item);
            }
        } else {
            self.selection = BTreeSet::from([item]);
        }
    }

    /// Selects every sticky and frame.
    pub fn select_all(&mut self) {
        self.selection = self
            .board
            .stickies
            .iter()
            .map(|s| ItemId::Sticky(s.id))
            .chain(self.board.contexts.iter().map(|c| ItemId::Context(c.id)))
            .collect();
    }

    /// Selects the stickies overlapping `rect` (added to the selection with `additive`).
    pub fn select_in(&mut self, rect: Rect, additive: bool) {
        if !additive {
            self.selection.clear();
        }
        for s in &self.board.stickies {
            if s.rect().intersects(&rect) {
                self.selection.insert(ItemId::Sticky(s.id));
            }
        }
    }

    /// Empties the selection.
    pub fn clear_selection(&mut self) {
        self.selection.clear();
    }

    fn prune_selection(&mut self) {
        let board = &self.board;
        self.selection.retain(|item| board.contains(*item));
    }
}

/// Makes the top of `from` the current board and pushes the current one onto `to`; false when
/// `from` is empty.
fn travel(board: &mut Board, from: &mut Vec<Rc<Board>>, to: &mut Vec<Rc<Board>>) -> bool {
    let Some(other) = from.pop() else {
        return false;
    };
    let other = Rc::unwrap_or_clone(other);
    to.push(Rc::new(std::mem::replace(board, other)));
    true
}
