//! A board bound to a Yjs document (yrs, the Rust port of Yjs): what a live room shares. Each
//! participant's page holds a [`Binding`]: its local changes go into the document as the
//! smallest edits (see [`schema`] for how a board lies in it and what each concurrent change
//! gives), the room's updates come back as a board with the page's own ids, and undo takes
//! back one's own changes, never someone else's. Pure Rust: the page's WebSocket and the relay
//! carry the bytes.
//!
//! What concurrent changes give (every side ends on the same board, whatever the order the
//! updates arrive in):
//! - two people move one sticky: the last writer's position (a move is one value);
//! - two people edit one label: both edits kept, merged as text;
//! - two people change two settings of one sticky: both kept (a setting is one entry);
//! - one deletes a sticky another is moving, editing or linking to: it is deleted, with its
//!   links (a link needs both ends); nobody's change brings a deleted sticky back;
//! - two people draw the same arrow: one arrow. A link the grammar refuses cannot come out of
//!   a merge (a link's verdict depends only on the kinds of its ends, which never change), and
//!   should a document hold something no board can be (a plain Yjs client wrote it), the board
//!   stays as it was and the reason is given ([`Read::Refused`]).
//!
//! Between the page and its side of the room (the live worker's [`Session`]) boards cross
//! both ways and may overtake each other: the page numbers its boards, only what the page
//! changed since its last board goes into the document, and the room's board is offered back
//! made on a numbered board, so a page that changed meanwhile keeps its change and gets a new
//! offer with both.

mod binding;
pub mod schema;
mod session;
mod splice;

pub use binding::{Binding, Read};
pub use session::{Effect, Presence, Session};
pub use splice::{splice, Splice};
